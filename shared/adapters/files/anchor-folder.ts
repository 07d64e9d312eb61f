/**
 * Anchors in a local folder, append-only: every file is created with `wx` (fails if it exists), so nothing is
 * ever overwritten, and files are made read-only once written. The local stand-in for the S3 bucket with Object
 * Lock; the same relative names are used as S3 keys.
 */
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { AnchorObjectExistsError, type AnchorStore } from '../../audit-anchor/ports.ts';

const NAME = /^[\w.-]+(\/[\w.-]+)*$/;

export class AnchorFolder implements AnchorStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(name: string): string {
    if (!NAME.test(name) || name.split('/').some((part) => part === '..' || part === '.')) {
      throw new Error(`Not an anchor object name: "${name}"`);
    }
    const path = resolve(this.root, name);
    if (!path.startsWith(this.root + sep)) throw new Error(`Not an anchor object name: "${name}"`);
    return path;
  }

  async putNew(name: string, body: Uint8Array): Promise<void> {
    const path = this.path(name);
    await mkdir(dirname(path), { recursive: true });
    try {
      await writeFile(path, body, { flag: 'wx', mode: 0o444 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new AnchorObjectExistsError(name);
      throw error;
    }
    await chmod(path, 0o444);
  }

  async get(name: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.path(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async listAnchorIds(): Promise<string[]> {
    try {
      const entries = await readdir(resolve(this.root, 'anchors'), { withFileTypes: true });
      return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
