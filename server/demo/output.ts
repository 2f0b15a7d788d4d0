import { t, type Locale } from '../../shared/i18n';

/** The demo's three long phases, in the order they run. */
export type DemoPhase = 'customers' | 'assets' | 'tickets';

/** Where the demo tells what it does: notes as they come, and how far each long phase is. */
export interface DemoOutput {
  locale: Locale;
  note(text: string): void;
  /** `done` of `total`, `elapsedMs` since the demo began; called often, and once with `done === total`. */
  progress(phase: DemoPhase, done: number, total: number, elapsedMs: number): void;
  /** The run is over (or failed): nothing more is drawn. */
  end(): void;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

export function progressText(locale: Locale, phase: DemoPhase, done: number, total: number, elapsedMs: number): string {
  return t(locale, 'cli.demo.progress', { phase: t(locale, `cli.demo.phase.${phase}`), done, total, seconds: seconds(elapsedMs) });
}

/**
 * Plain lines: each phase at `steps` even points (a tenth, a quarter) and at its end. For logs,
 * pipes and tests.
 */
export function lineOutput(write: (line: string) => void, locale: Locale = 'en-US', steps = 10): DemoOutput {
  const shown = new Map<DemoPhase, number>();
  return {
    locale,
    note: write,
    progress(phase, done, total, elapsedMs) {
      const step = Math.floor((done * steps) / Math.max(1, total));
      if (done < total && step <= (shown.get(phase) ?? 0)) return;
      if (done === total && shown.get(phase) === steps) return;
      shown.set(phase, done === total ? steps : step);
      write(progressText(locale, phase, done, total, elapsedMs));
    },
    end() {},
  };
}

/** The terminal a progress bar draws on: Node's `process.stdout` is one. */
export interface Terminal {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const BAR = 24;

/**
 * On a terminal, one line that updates in place (`[█████░░░] tickets 340/1000 (21.4 s)`), at
 * most every `everyMs`; notes are printed above it. Off a terminal, a few plain lines per phase.
 */
export function terminalOutput(terminal: Terminal, locale: Locale, now: () => number = Date.now, everyMs = 100): DemoOutput {
  if (!terminal.isTTY) return lineOutput((line) => terminal.write(`${line}\n`), locale, 4);
  let drawn = '';
  let drawnAt = -Infinity;
  const clear = () => {
    if (drawn) terminal.write('\r\x1b[K');
  };
  return {
    locale,
    note(text) {
      clear();
      terminal.write(`${text}\n`);
      if (drawn) terminal.write(drawn);
    },
    progress(phase, done, total, elapsedMs) {
      const finished = done >= total;
      if (!finished && now() - drawnAt < everyMs) return;
      drawnAt = now();
      const filled = Math.round((BAR * done) / Math.max(1, total));
      const line = `[${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}] ${progressText(locale, phase, done, total, elapsedMs)}`;
      clear();
      if (finished) {
        terminal.write(`${line}\n`);
        drawn = '';
      } else {
        terminal.write(line);
        drawn = line;
      }
    },
    end() {
      if (drawn) terminal.write('\n');
      drawn = '';
    },
  };
}
