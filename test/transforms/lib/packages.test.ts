import { describe, expect, it } from 'vitest';
import { parseDockerfile, shellCommands } from '../../../src/dockerfile/index.js';
import { aptAnswersPrompt, packageCommand, type PackageCommand } from '../../../src/transforms/lib/packages.js';

function pc(line: string): PackageCommand | null {
  const doc = parseDockerfile(`FROM x\nRUN ${line}\n`);
  return packageCommand(shellCommands(doc, doc.instructions[1]!)[0]!);
}

describe('packageCommand', () => {
  it('finds the tool through wrappers and reads the environment they set', () => {
    const p = pc('sudo -E -u root env DEBIAN_FRONTEND=noninteractive eatmydata /usr/bin/apt-get install -y git');
    expect([p?.tool, p?.wrappers, p?.subcommand, p?.env.get('DEBIAN_FRONTEND'), p?.operands.map((w) => w.value)]).toEqual([
      'apt-get',
      ['sudo', 'env', 'eatmydata'],
      'install',
      'noninteractive',
      ['git'],
    ]);
  });
  it('options before the subcommand, with separate or attached values', () => {
    const p = pc('apt-get -o Dpkg::Options::=--force-confold -oAPT::Get::Assume-Yes=1 -t bookworm-backports install git');
    expect(p?.subcommand).toBe('install');
    expect(p?.options.map((o) => [o.name, o.value])).toEqual([
      ['-o', 'Dpkg::Options::=--force-confold'],
      ['-o', 'APT::Get::Assume-Yes=1'],
      ['-t', 'bookworm-backports'],
    ]);
    expect(p && aptAnswersPrompt(p)).toBe(true);
  });
  it('apk global options with values', () => {
    const p = pc('apk --repository http://dl-cdn.alpinelinux.org/alpine/edge/testing -U add -t .deps gcc');
    expect([p?.tool, p?.subcommand, p?.operands.map((w) => w.value)]).toEqual(['apk', 'add', ['gcc']]);
  });
  it('ways of answering the apt prompt', () => {
    for (const [line, answers] of [
      ['apt-get install -y x', true],
      ['apt-get install -yq x', true],
      ['apt-get -qq install x', true],
      ['apt-get -q -q install x', true],
      ['apt-get -q=2 install x', true],
      ['apt-get --quiet=2 install x', true],
      ['apt-get --assume-yes install x', true],
      ['apt-get -q install x', false],
      ['apt-get --force-yes install x', false],
      ['apt-get install x', false],
    ] as const) {
      const p = pc(line);
      expect(p && aptAnswersPrompt(p), line).toBe(answers);
    }
  });
  it('other commands are not package commands', () => {
    expect(pc('apt-key list')).toBeNull();
    expect(pc('echo apt-get install x')).toBeNull();
  });
});
