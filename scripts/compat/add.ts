/**
 * Copies corpus netlists into the public collection test/compat/netlists/ as its README describes: byte for
 * byte except one comment line after the title that names the source, commit and licence. The file name is
 * the path inside the corpus with `/` replaced by `-` (Xyce's `Certification_Tests/` and ngspice's `tests/` prefix dropped). A
 * netlist that includes other files is refused: the collection holds self-contained decks only.
 * Then regenerate their ngspice results: npx tsx test/compat/ngspice/regen-netlists.ts FOLDER/NAME ...
 *
 *   npx tsx scripts/compat/add.ts xyce|ngspice CORPUS_ROOT COMMIT FILE...
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NETLIST_DIR } from '../../test/compat/ngspice/regen-netlists.ts';

const SOURCES: Record<string, { repository: string; prefix: string; licence: string }> = {
  xyce: { repository: 'github.com/Xyce/Xyce_Regression', prefix: 'Netlists/', licence: 'GPL-3.0-or-later' },
  ngspice: { repository: 'github.com/imr/ngspice', prefix: '', licence: 'Modified BSD licence' },
};

const [folder, root, commit, ...files] = process.argv.slice(2);
const source = SOURCES[folder];
if (!source || !root || !commit || files.length === 0) {
  console.error('usage: tsx scripts/compat/add.ts xyce|ngspice CORPUS_ROOT COMMIT FILE...');
  process.exit(1);
}
for (const file of files) {
  const inCorpus = path.relative(root, path.resolve(file)).split(path.sep).join('/');
  const text = readFileSync(file, 'latin1');
  if (/^\s*\.(include|inc|lib)\b/im.test(text)) {
    console.error(`${inCorpus}: includes other files, not added`);
    continue;
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const titleEnd = text.indexOf('\n') + 1;
  const note = `* memspice test data. Source: ${source.repository}, ${source.prefix}${inCorpus} (commit ${commit}), ${source.licence}; unmodified except for this comment line.${eol}`;
  const name = inCorpus.replace(/^(Certification_Tests|tests)\//, '').split('/').join('-');
  writeFileSync(path.join(NETLIST_DIR, folder, name), Buffer.concat([Buffer.from(text.slice(0, titleEnd), 'latin1'), Buffer.from(note, 'latin1'), Buffer.from(text.slice(titleEnd), 'latin1')]));
  console.log(`${folder}/${name}`);
}
