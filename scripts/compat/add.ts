/**
 * Copies corpus netlists into the public collection test/compat/netlists/ as its README describes: byte for
 * byte except one comment line after the title that names the source, commit and licence. The file name is
 * the path inside the corpus with `/` replaced by `-` (Xyce's `Certification_Tests/` and ngspice's `tests/` prefix dropped). A
 * netlist's included files (`.include F`, `.lib 'F' SECTION`, also those the included files include) are
 * copied beside it, with a first comment line naming their source, when they lie in the netlist's own
 * folder; a netlist that includes anything else is refused.
 * Then regenerate their ngspice results: npx tsx test/compat/ngspice/regen-netlists.ts FOLDER/NAME ...
 *
 *   npx tsx scripts/compat/add.ts xyce|ngspice CORPUS_ROOT COMMIT FILE...
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
/** The files `text` includes by name (`.lib SECTION` lines without a file name are sections, not includes). */
function includedNames(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/^[ \t]*\.(?:include|inc|lib)[ \t]+(['"]?)([^\s'"]+)\1([ \t]+\S+)?/gim)) {
    if (/^\.lib/i.test(m[0].trim()) && !m[3] && !m[1] && !/[./]/.test(m[2])) continue; // `.lib RES`: a section header
    names.push(m[2]);
  }
  return names;
}

/** The files a netlist needs beside it, transitively; undefined when one is not in its own folder. */
function includesOf(file: string): string[] | undefined {
  const found = new Set<string>();
  const queue = [file];
  while (queue.length > 0) {
    for (const name of includedNames(readFileSync(queue.pop()!, 'latin1'))) {
      if (name.includes('/') || name.includes('\\')) return undefined;
      const beside = path.join(path.dirname(file), name);
      if (!existsSync(beside)) return undefined;
      if (!found.has(name) && beside !== file) queue.push(beside);
      found.add(name);
    }
  }
  return [...found].filter((n) => path.join(path.dirname(file), n) !== file);
}

function noteFor(inCorpus: string, eol: string): string {
  return `* memspice test data. Source: ${source.repository}, ${source.prefix}${inCorpus} (commit ${commit}), ${source.licence}; unmodified except for this comment line.${eol}`;
}

for (const file of files) {
  const inCorpus = path.relative(root, path.resolve(file)).split(path.sep).join('/');
  const text = readFileSync(file, 'latin1');
  const includes = includesOf(file);
  if (!includes) {
    console.error(`${inCorpus}: includes a file outside its folder, not added`);
    continue;
  }
  for (const name of includes) {
    const included = readFileSync(path.join(path.dirname(file), name), 'latin1');
    const eol = included.includes('\r\n') ? '\r\n' : '\n';
    // An included file has no title line: the note goes first.
    writeFileSync(path.join(NETLIST_DIR, folder, name), Buffer.from(noteFor(path.posix.join(path.posix.dirname(inCorpus), name), eol) + included, 'latin1'));
    console.error(`  with ${folder}/${name}`);
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const titleEnd = text.indexOf('\n') + 1;
  const note = noteFor(inCorpus, eol);
  const name = inCorpus.replace(/^(Certification_Tests|tests)\//, '').split('/').join('-');
  writeFileSync(path.join(NETLIST_DIR, folder, name), Buffer.concat([Buffer.from(text.slice(0, titleEnd), 'latin1'), Buffer.from(note, 'latin1'), Buffer.from(text.slice(titleEnd), 'latin1')]));
  console.log(`${folder}/${name}`);
}
