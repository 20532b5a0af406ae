import { describe, expect, test } from 'vitest';
import { logText } from '../../src/http/log-text.ts';

describe('logText: client text made safe for one server log line', () => {
  test('plain text, accents and emoji stay as they are', () => {
    expect(logText('Pass 1234 could not update: Überprüfung fehlgeschlagen ☕')).toBe('Pass 1234 could not update: Überprüfung fehlgeschlagen ☕');
  });

  test('newlines and carriage returns are written as \\n and \\r, so no line can be forged', () => {
    const forged = 'ok\n2026-12-06T10:00:00Z [ERROR] admin signed in from 203.0.113.9\r\nmore';
    expect(logText(forged)).toBe('ok\\n2026-12-06T10:00:00Z [ERROR] admin signed in from 203.0.113.9\\r\\nmore');
    expect(logText(forged)).not.toMatch(/[\r\n]/);
  });

  test('every other control character (terminal escapes, NUL, DEL, C1, line and paragraph separators) is escaped by its code', () => {
    expect(logText('\u001b[31mred\u001b[0m')).toBe('\\u001b[31mred\\u001b[0m');
    expect(logText('a\u0000b\tc\u007fd\u009be\u2028f\u2029g\u0085')).toBe('a\\u0000b\\tc\\u007fd\\u009be\\u2028f\\u2029g\\u0085');
    expect(logText('\u0000\u0001\u001f\u007f\u0080\u009f\u2028\u2029')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });

  test('a backslash is doubled, so an escape in the log always means a control character was sent', () => {
    expect(logText('C:\\path\\n')).toBe('C:\\\\path\\\\n');
    expect(logText('a\nb')).not.toBe(logText('a\\nb'));
  });
});
