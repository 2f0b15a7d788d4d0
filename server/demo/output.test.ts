import { describe, expect, it } from 'vitest';
import { lineOutput, terminalOutput } from './output';

describe('demo progress', () => {
  it('on a terminal, draws one line that updates in place, with count, total and elapsed time', () => {
    let written = '';
    let now = 0;
    const out = terminalOutput({ isTTY: true, write: (text) => (written += text) }, 'en-US', () => now, 100);
    for (let i = 1; i <= 1000; i++) {
      now += 1;
      out.progress('tickets', i, 1000, i * 10);
    }
    out.end();
    const lines = written.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const frames = lines[0]!.split('\r\x1b[K').filter(Boolean);
    // Redrawn at most every 100 ms, and once at the end.
    expect(frames.length).toBeGreaterThan(5);
    expect(frames.length).toBeLessThanOrEqual(12);
    expect(frames.at(-1)).toBe(`[${'█'.repeat(24)}] demo: tickets 1000/1000 (10.0 s)`);
  });

  it('prints a note above the bar and draws the bar again under it', () => {
    let written = '';
    const out = terminalOutput({ isTTY: true, write: (text) => (written += text) }, 'zh-CN', () => 0, 0);
    out.progress('customers', 5, 10, 1500);
    out.note('演示数据：员工 40 人');
    expect(written.split('\r\x1b[K').at(-1)).toBe(`演示数据：员工 40 人\n[${'█'.repeat(12)}${'░'.repeat(12)}] 演示数据：客户 5/10（1.5 秒）`);
  });

  it('off a terminal, writes a few plain lines per phase', () => {
    const lines: string[] = [];
    const out = terminalOutput({ isTTY: false, write: (text) => lines.push(text) }, 'en-US');
    for (let i = 1; i <= 1000; i++) out.progress('tickets', i, 1000, i * 10);
    expect(lines).toEqual(['demo: tickets 250/1000 (2.5 s)\n', 'demo: tickets 500/1000 (5.0 s)\n', 'demo: tickets 750/1000 (7.5 s)\n', 'demo: tickets 1000/1000 (10.0 s)\n']);
  });

  it('as lines, writes each tenth of a phase once', () => {
    const lines: string[] = [];
    const out = lineOutput((line) => lines.push(line));
    for (let i = 1; i <= 40; i++) out.progress('tickets', i, 40, 0);
    expect(lines).toHaveLength(10);
    expect(lines.at(-1)).toBe('demo: tickets 40/40 (0.0 s)');
  });
});
