import { describe, expect, it } from 'vitest';
import { escapeHtml, interactionViews } from '../../../../functions/identity/views/interaction-views.ts';

const page = { lang: 'vi' as const, uid: 'abcdefghij123', clientName: 'Cổng <Dịch vụ>' };

describe('the sign-in pages', () => {
  it('escape everything that comes from outside', () => {
    expect(escapeHtml(`<script>"x"&'y'</script>`)).toBe('&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;');
    const html = interactionViews.login({ ...page, pin: '"><img src=x onerror=alert(1)>' });
    expect(html).not.toContain('<img');
    expect(html).toContain('Cổng &lt;Dịch vụ&gt;');
  });

  it('declare the language, label every field and load no script', () => {
    const html = interactionViews.login(page);
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<label for="pin">');
    expect(html).toContain('<label for="password">');
    expect(html).toContain('autocomplete="current-password"');
    expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/);
  });

  it('put an error first, announced and focused, and mark the fields', () => {
    const html = interactionViews.login({ ...page, notice: { kind: 'invalid-credentials', attemptsLeft: 2 } });
    expect(html).toContain('role="alert" tabindex="-1" autofocus');
    expect(html).toContain('Bạn còn 2 lần thử');
    expect(html).toContain('aria-invalid="true"');
  });

  it('speak English when asked', () => {
    const html = interactionViews.oneTimeCode({ ...page, lang: 'en', validMinutes: 5, maskedPin: '••••0123' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('It is valid for 5 minutes');
    expect(html).toContain('autocomplete="one-time-code"');
  });

  it('tell a level-1 citizen how to reach level 2 and offer to go back with that reason', () => {
    const html = interactionViews.login({ ...page, notice: { kind: 'level-too-low', level: 1, required: 2 } });
    expect(html).toContain('công an xã');
    expect(html).toContain('name="reason" value="level"');
  });
});
