import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { contentSecurityPolicy, scriptHash } from '../../src/http/security-headers.ts';

const dist = 'dist';
const pages = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html'));
const scriptSources = contentSecurityPolicy('/').match(/script-src ([^;]*)/)![1]!.split(' ');

describe('the built pages under the Content-Security-Policy (src/http/security-headers.ts)', () => {
  test('there are pages to check', () => {
    expect(pages.length).toBeGreaterThan(20);
  });

  test('every inline script is one the policy allows by its hash (our own scripts are bundled files)', () => {
    const blocked: string[] = [];
    for (const page of pages) {
      for (const [, attributes, text] of readFileSync(join(dist, page), 'utf8').matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
        // Data blocks (JSON-LD) do not run; scripts with src load from the site itself.
        if (/\ssrc=|type="application\/(ld\+)?json"/.test(attributes!)) continue;
        if (!scriptSources.includes(scriptHash(text!))) blocked.push(`${page}: ${text!.slice(0, 80)}`);
      }
    }
    expect(blocked).toEqual([]);
  });

  test('no element has an inline event handler (onclick=…), which no policy without unsafe-inline runs', () => {
    const handlers = pages.flatMap((page) => [...readFileSync(join(dist, page), 'utf8').matchAll(/<[a-z][^>]*\son[a-z]+=[^>]*>/gi)].map(([tag]) => `${page}: ${tag}`));
    expect(handlers).toEqual([]);
  });
});
