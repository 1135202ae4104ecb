import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { replacements } from '../../src/cli/report/sarif.js';
import { testDir } from '../helpers.js';
import { gomodFix, monorepo } from './helpers.js';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** The official SARIF 2.1.0 schema (draft-07), a byte-exact copy: see test/fixtures/sarif/README.md. */
const schema = JSON.parse(readFileSync(join(testDir, 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
// unicodeRegExp: false because the official schema's `language` pattern
// (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) has a stray `]` that is an error under the `u` flag.
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  charOffset: number;
  charLength: number;
}
interface Sarif {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string; markdown: string }; defaultConfiguration: { level: string } }> } };
    originalUriBaseIds: Record<string, { uri: string }>;
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Omit<Region, 'charOffset' | 'charLength'> } }>;
      fixes?: Array<{ description: { text: string }; artifactChanges: Array<{ artifactLocation: { uri: string }; replacements: Array<{ deletedRegion: Region; insertedContent?: { text: string } }> }> }>;
    }>;
  }>;
}

/** Applies SARIF replacements (regions in the original text) by character offset, last first. */
function applyReplacements(text: string, reps: Array<{ deletedRegion: Region; insertedContent?: { text: string } }>): string {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  let out = text.slice(bom.length);
  for (const r of [...reps].sort((a, b) => b.deletedRegion.charOffset - a.deletedRegion.charOffset)) {
    out = out.slice(0, r.deletedRegion.charOffset) + (r.insertedContent?.text ?? '') + out.slice(r.deletedRegion.charOffset + r.deletedRegion.charLength);
  }
  return bom + out;
}

describe('--format sarif', () => {
  it('ships the official SARIF 2.1.0 schema byte for byte', () => {
    expect(readFileSync(join(testDir, 'fixtures', 'sarif', 'sarif-schema-2.1.0.json')).length).toBe(112_320);
  });

  it('validates against the SARIF 2.1.0 schema, over a sweep with findings, fixes and an unreadable file', () => {
    const { dir } = monorepo();
    writeFileSync(join(dir, 'services/data/broken.Dockerfile'), 'FROM golang:1.22\nRUN <<EOF\necho never closed\n');
    const r = gomodFix(['--format', 'sarif', '--jobs', '2', '.'], dir, { GOMOD_FIX_WORKER_MIN_FILES: '100' });
    expect(r.code).toBe(2);
    const sarif = JSON.parse(r.stdout) as Sarif;
    const valid = validate(sarif);
    expect(valid ? [] : validate.errors).toEqual([]);
    const run = sarif.runs[0]!;
    expect(sarif.version).toBe('2.1.0');
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`file://${dir}/`);
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications[0]).toMatchObject({
      message: { text: expect.stringMatching(/^cannot parse: heredoc <<EOF is never closed/) },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'services/data/broken.Dockerfile', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 5 } } }],
    });
    expect(run.results.length).toBeGreaterThan(100);
  });

  it('describes every rule: id, short and full description, help text from its docs, default level', () => {
    const { dir } = monorepo();
    const sarif = JSON.parse(gomodFix(['--format', 'sarif', 'services/payments'], dir).stdout) as Sarif;
    const rules = sarif.runs[0]!.tool.driver.rules;
    const rulesJson = JSON.parse(gomodFix(['rules', '--format', 'json'], dir).stdout) as Array<{ id: string; severity: string; title: string }>;
    expect(rules.map((r) => r.id)).toEqual(rulesJson.map((r) => r.id));
    for (const [i, rule] of rules.entries()) {
      const meta = rulesJson[i]!;
      expect(rule.shortDescription.text).toBe(meta.title);
      expect(rule.fullDescription.text.length).toBeGreaterThan(20);
      expect(rule.help.text).toContain('Why: ');
      expect(rule.help.markdown).toContain('### Fix safety');
      expect(rule.defaultConfiguration.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[meta.severity]);
    }
  });

  it('results carry rule, level, message and a region relative to the sweep root; a fixed file has one fix that reproduces --write', () => {
    const { dir } = monorepo();
    const sarif = JSON.parse(gomodFix(['--format', 'sarif', '.'], dir).stdout) as Sarif;
    const run = sarif.runs[0]!;
    const byUri = new Map<string, Sarif['runs'][0]['results']>();
    for (const result of run.results) {
      const loc = result.locations[0]!.physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc.artifactLocation.uri).toMatch(/^services\/[a-z-]+\/[a-z-]+-\d+\/[\w./-]+$/);
      expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.endLine).toBeGreaterThanOrEqual(loc.region.startLine);
      byUri.set(loc.artifactLocation.uri, [...(byUri.get(loc.artifactLocation.uri) ?? []), result]);
    }
    const originals = new Map([...byUri.keys()].map((uri) => [uri, readFileSync(join(dir, uri), 'utf8')]));
    gomodFix(['--write', '.'], dir);
    let fixedFiles = 0;
    for (const [uri, results] of byUri) {
      const fixes = results.flatMap((r) => r.fixes ?? []);
      expect(fixes.length).toBeLessThanOrEqual(1);
      const written = readFileSync(join(dir, uri), 'utf8');
      if (fixes.length === 0) {
        expect(written).toBe(originals.get(uri));
        continue;
      }
      fixedFiles++;
      const own = fixes[0]!.artifactChanges.find((c) => c.artifactLocation.uri === uri)!;
      expect(applyReplacements(originals.get(uri)!, own.replacements)).toBe(written);
    }
    expect(fixedFiles).toBeGreaterThan(50);
  });

  it('replacement regions agree as lines/columns and as character offsets, for LF, CRLF and a BOM', () => {
    const cases: Array<[string, string]> = [
      ['a\nb\nc\n', 'a\nB\nc\nd\n'],
      ['FROM x\r\nRUN a\r\n', '# syntax=docker/dockerfile:1\r\nFROM x\r\nRUN --mount=type=cache,target=/c a\r\n'],
      ['\uFEFFFROM x\nRUN a', '\uFEFFFROM x\nRUN b'],
      ['', 'new file\n'],
    ];
    for (const [before, after] of cases) {
      const reps = replacements(before, after) as Array<{ deletedRegion: Region; insertedContent?: { text: string } }>;
      expect(applyReplacements(before, reps)).toBe(after);
      const text = before.replace(/^\uFEFF/, '');
      const lines = text.split(/(?<=\r\n|\n)/);
      for (const { deletedRegion: d } of reps) {
        const offsetOf = (line: number, column: number) => lines.slice(0, line - 1).join('').length + column - 1;
        expect(offsetOf(d.startLine, d.startColumn)).toBe(d.charOffset);
        expect(offsetOf(d.endLine, d.endColumn)).toBe(d.charOffset + d.charLength);
      }
    }
  });
});
