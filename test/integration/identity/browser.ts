/**
 * Just enough of a browser to drive the e-ID sign-in pages with fetch: a cookie jar that honours each cookie's path
 * (oidc-provider scopes its interaction cookies to one path), redirects followed within the provider's origin,
 * and HTML forms read and submitted the way a browser would.
 */
import { request as httpRequest } from 'node:http';
import { readOutbox } from '../../../shared/adapters/dynamodb/identity-store.ts';
import { testDocumentClient } from '../../support/clients.ts';

interface StoredCookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
}

export interface Page {
  readonly status: number;
  readonly url: string;
  readonly headers: Headers;
  readonly body: string;
}

const decodeEntities = (text: string) =>
  text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const attribute = (tag: string, name: string) => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
};

export interface Form {
  readonly action: string;
  readonly fields: Record<string, string>;
}

/** The forms of a page: action and the hidden fields (plus a submit button's name=value when it has one). */
export const formsOf = (html: string): Form[] =>
  [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map(([form]) => {
    const open = /<form\b[^>]*>/.exec(form)?.[0] ?? '';
    const fields: Record<string, string> = {};
    for (const [input] of form.matchAll(/<input\b[^>]*>/g)) {
      if (attribute(input, 'type') !== 'hidden') continue;
      const name = attribute(input, 'name');
      if (name) fields[name] = attribute(input, 'value') ?? '';
    }
    return { action: attribute(open, 'action') ?? '', fields };
  });

/** The text of a page without tags, for asserting what a person reads. */
export const textOf = (html: string) =>
  decodeEntities(html.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

/**
 * A request over a connection opened from `localAddress`. Every 127.x.y.z address is loopback on Linux, so a test
 * reaches the local API from 127.0.0.2 or 127.0.0.3 as from two machines: the local gateway passes the socket's
 * remote address on as `requestContext.identity.sourceIp`, as API Gateway does with the client's.
 */
const fetchFrom = (
  localAddress: string,
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string },
) =>
  new Promise<{ status: number; headers: Headers; text: () => Promise<string> }>((resolve, reject) => {
    const request = httpRequest(url, { method: init.method, headers: init.headers, localAddress, family: 4 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
            headers.append(name, one);
        }
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers, text: async () => body });
      });
    });
    request.on('error', reject);
    request.end(init.body);
  });

export class Browser {
  private readonly jar = new Map<string, StoredCookie>();

  /** `localAddress`: the loopback address the browser connects from (default: the system's choice, 127.0.0.1). */
  constructor(
    private readonly origin: string,
    private readonly headers: Record<string, string> = { 'accept-language': 'vi' },
    private readonly localAddress?: string,
  ) {}

  private cookieHeader(path: string) {
    return [...this.jar.values()]
      .filter((c) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/')
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private store(setCookies: string[]) {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expires = attributes.find((a) => a.toLowerCase().startsWith('expires='))?.slice(8);
      const key = `${name}|${path}`;
      if (value === '' || (expires && Date.parse(expires) <= Date.now())) this.jar.delete(key);
      else this.jar.set(key, { name, value, path });
    }
  }

  /** One request, no redirect followed. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    const target = new URL(url, this.origin);
    const cookie = target.origin === this.origin ? this.cookieHeader(target.pathname) : '';
    const method = init.method ?? (init.form ? 'POST' : 'GET');
    const headers = {
      ...this.headers,
      ...(cookie ? { cookie } : {}),
      ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin } : {}),
    };
    const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
    const response =
      this.localAddress && target.origin === this.origin
        ? await fetchFrom(this.localAddress, target, { method, headers, ...(body ? { body } : {}) })
        : await fetch(target, { method, redirect: 'manual', headers, ...(body ? { body } : {}) });
    if (target.origin === this.origin) this.store(response.headers.getSetCookie());
    return { status: response.status, url: target.href, headers: response.headers, body: await response.text() };
  }

  /** Requests `url` and follows redirects while they stay on the provider; returns the last page. */
  async visit(url: string, init: { form?: Record<string, string> } = {}): Promise<Page> {
    let page = await this.request(url, init);
    for (let hops = 0; hops < 10 && page.status >= 300 && page.status < 400; hops++) {
      const location = page.headers.get('location');
      if (!location) break;
      const next = new URL(location, page.url);
      if (next.origin !== this.origin) return { ...page, url: next.href };
      page = await this.request(next.href);
    }
    return page;
  }

  /** Submits the page's form whose action ends with `actionSuffix`, with `fields` added to its hidden ones. */
  async submit(page: Page, actionSuffix: string, fields: Record<string, string> = {}): Promise<Page> {
    const form = formsOf(page.body).find((f) => f.action.endsWith(actionSuffix));
    if (!form) throw new Error(`No form ending with ${actionSuffix} on ${page.url}:\n${textOf(page.body)}`);
    return this.visit(new URL(form.action, page.url).href, { form: { ...form.fields, ...fields } });
  }
}

/** The one-time code in the newest outbox message to `pin`. */
export const latestCode = async (pin: string): Promise<string> => {
  const [latest] = await readOutbox(pin, { client: testDocumentClient(), tableName: 'Identity' });
  const code = latest ? /\b(\d{6})\b/.exec(latest.text)?.[1] : undefined;
  if (!code) throw new Error(`No one-time code in the outbox of ${pin}`);
  return code;
};
