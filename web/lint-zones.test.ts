import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The web's layers are lint rules (eslint.config.js): these imports must fail `npm run lint`. */
const eslint = new ESLint();
const ruleOf = async (filePath: string, code: string) =>
  (await eslint.lintText(code, { filePath })).flatMap((r) => r.messages).filter((m) => m.ruleId === 'no-restricted-imports').length;

describe('web lint zones', () => {
  it('refuse a feature importing another feature, at any depth of its folder, or the app', async () => {
    expect(await ruleOf('web/features/tickets/X.tsx', "import { SignoffsCard } from '../fieldwork/SignoffsCard';\nexport const x = SignoffsCard;\n")).toBe(1);
    expect(await ruleOf('web/features/dispatch/board/X.tsx', "import { useTickets } from '../../tickets/api';\nexport const x = useTickets;\n")).toBe(1);
    expect(await ruleOf('web/features/tickets/X.tsx', "import { router } from '../../app/router';\nexport const x = router;\n")).toBe(1);
  });

  it('refuse the library or a shared widget importing a feature', async () => {
    expect(await ruleOf('web/lib/X.ts', "import { useLogin } from '../features/auth/api';\nexport const x = useLogin;\n")).toBe(1);
    expect(await ruleOf('web/lib/queries/X.ts', "import { StatusTag } from '../../components/tags';\nexport const x = StatusTag;\n")).toBe(1);
    expect(await ruleOf('web/components/X.tsx', "import { useWorkshop } from '../features/workshop/api';\nexport const x = useWorkshop;\n")).toBe(1);
  });

  it('allow a feature its own files, the library, the widgets and shared', async () => {
    const code = [
      "import { useTicketEvents } from '../api';",
      "import { useMe } from '../../../lib/session';",
      "import { StatusTag } from '../../../components/tags';",
      "import { TICKET_STATUSES } from '../../../../shared/domain';",
      'export const x = [useTicketEvents, useMe, StatusTag, TICKET_STATUSES];',
    ].join('\n');
    expect(await ruleOf('web/features/tickets/parts/X.tsx', code)).toBe(0);
  });
});
