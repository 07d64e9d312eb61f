/**
 * The portal's build: a static bundle under /portal/, the same files the local cloud serves and CDK deploys.
 * Preact's automatic JSX runtime; no inline scripts or styles (the CSP forbids them).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/portal/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Keep every asset a file: the CSP allows images from 'self' and data: only for QR codes drawn at run time.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
