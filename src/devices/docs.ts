/** Device reference in Markdown, generated from the parameter tables (docs/devices.md; `memspice devices`). */
import { BUILT_IN_DEVICES } from './index.ts';

export function deviceReferenceMarkdown(): string {
  const lines = [
    '# Device reference',
    '',
    'Generated from the parameter tables of the device definitions (`src/devices/`, `src/models/`) by `npm run docs:devices`; a test keeps it current.',
    'Parameter names are case-insensitive. Equations and sources: `docs/physics.md`.',
    '',
  ];
  for (const d of BUILT_IN_DEVICES) {
    const title = d.kind.length === 1 ? `${d.kind} (SPICE element)` : `Y${d.kind}`;
    lines.push(`## ${title}`, '', `${d.summary}. ${d.terminals} terminals.`, '');
    if (d.params.length === 0) {
      lines.push('No `name=value` parameters (the value is written positionally).', '');
      continue;
    }
    lines.push('| parameter | unit | default | constraint | meaning |', '|---|---|---|---|---|');
    for (const p of d.params) {
      const def = p.default !== undefined ? String(p.default) : p.optional ? '(optional)' : '(required)';
      const aliases = p.aliases?.length ? ` Also: ${p.aliases.map((a) => `\`${a}\``).join(', ')}.` : '';
      lines.push(`| \`${p.name}\` | ${p.unit || '-'} | ${def} | ${p.constraint ?? ''} | ${p.description}.${aliases} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
