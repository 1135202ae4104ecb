import { describe, expect, it } from 'vitest';
import gosumdbOff from '../../src/transforms/gosumdb-off.js';
import { ruleTester, run } from './tester.js';

const CN = 'https://goproxy.cn,direct';

ruleTester(gosumdbOff, {
  valid: [
    'FROM golang:1.23\nARG GOSUMDB=sum.golang.google.cn\nRUN go mod download\n',
    'FROM golang:1.23\nENV GOSUMDB=sum.golang.org\nRUN go mod download\n',
    // Private paths only: the rest is still checked.
    'FROM golang:1.23\nENV GOPRIVATE=github.com/acme/*,*.corp.example.com\nRUN go mod download\n',
    'FROM golang:1.23\nENV GONOSUMDB=example.com/corp/*\nRUN go mod download\n',
    // Other GOFLAGS.
    'FROM golang:1.23\nENV GOFLAGS="-mod=mod -trimpath"\nRUN go build .\n',
    // Cleared or switched off explicitly the other way.
    'FROM golang:1.23\nENV GOINSECURE=\nRUN go build .\n',
    'FROM golang:1.23\nENV GONOSUMCHECK=0\nRUN go build .\n',
    // Values from elsewhere are unknown; a bare ARG has none.
    'FROM golang:1.23\nARG GOSUMDB\nENV GOSUMDB=${GOSUMDB}\nRUN go mod download\n',
    // A word that merely contains "off".
    'FROM golang:1.23\nENV GOSUMDB=sum.golang.org GOTOOLCHAIN=off\nRUN go build .\n',
    // A shell variable that is never exported does not reach go.
    'FROM golang:1.23\nRUN GOSUMDB=off; go mod download\n',
    // Mentioned in a comment or an echo.
    'FROM golang:1.23\n# GOSUMDB=off would be wrong here\nRUN echo "never set GOSUMDB=off" && go mod download\n',
  ],
  invalid: [
    {
      name: 'reported only without a China proxy or --sumdb',
      code: 'FROM golang:1.23\nENV GOSUMDB=off\nRUN go mod download\n',
      output: null,
      errors: [{ line: 2, message: /GOSUMDB=off turns off the checksum database: modules not already pinned in go.sum are accepted unverified, so a compromised proxy or mirror can serve tampered module code unnoticed/ }],
    },
    {
      name: 'with the file\'s own China proxy it is switched to sum.golang.google.cn (unsafe)',
      code: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nARG GOSUMDB=off\nRUN go mod download\n',
      unsafe: true,
      output: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nARG GOSUMDB=sum.golang.google.cn\nRUN go mod download\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'unsafe: not applied by default',
      code: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nARG GOSUMDB=off\nRUN go mod download\n',
      output: null,
      errors: [{ line: 3 }],
    },
    {
      name: 'the article\'s ENV line, with --proxy goproxy.cn',
      code: 'FROM golang:1.23\nENV GOPROXY=https://goproxy.io,direct \\\n    GOSUMDB=off\nRUN go mod download\n',
      settings: { proxy: CN },
      unsafe: true,
      output: 'FROM golang:1.23\nENV GOPROXY=https://goproxy.io,direct \\\n    GOSUMDB=sum.golang.google.cn\nRUN go mod download\n',
      errors: [{ line: 3 }],
    },
    {
      name: '--sumdb wins over the China preset',
      code: 'FROM golang:1.23\nRUN GOSUMDB=off go mod download\n',
      settings: { proxy: CN, sumdb: 'sum.example.com+key https://sum.example.com' },
      unsafe: true,
      output: "FROM golang:1.23\nRUN GOSUMDB='sum.example.com+key https://sum.example.com' go mod download\n",
      errors: [{ line: 2 }],
    },
    {
      name: '--sumdb=off is an explicit choice: still reported, not fixed',
      code: 'FROM golang:1.23\nARG GOPROXY=https://goproxy.cn,direct\nARG GOSUMDB=off\nRUN go mod download\n',
      settings: { sumdb: 'off' },
      unsafe: true,
      output: null,
      errors: [{ line: 3 }],
    },
    {
      name: 'a global ARG default',
      code: 'ARG GOSUMDB=off\nFROM golang:1.23\nARG GOSUMDB\nRUN go mod download\n',
      settings: { sumdb: 'sum.golang.google.cn' },
      unsafe: true,
      output: 'ARG GOSUMDB=sum.golang.google.cn\nFROM golang:1.23\nARG GOSUMDB\nRUN go mod download\n',
      errors: [{ line: 1 }],
    },
    {
      name: 'legacy ENV form',
      code: 'FROM golang:1.23\nENV GOSUMDB off\nRUN go mod download\n',
      settings: { proxy: 'https://mirrors.aliyun.com/goproxy/,direct' },
      unsafe: true,
      output: 'FROM golang:1.23\nENV GOSUMDB sum.golang.google.cn\nRUN go mod download\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'export, go env -w, env wrapper and ONBUILD',
      code: 'FROM golang:1.23\nRUN export GOSUMDB=off && go mod download\nRUN go env -w GOSUMDB=off\nRUN env GOSUMDB=off go mod download\nONBUILD ENV GOSUMDB=off\n',
      output: null,
      errors: [{ line: 2 }, { line: 3 }, { line: 4 }, { line: 5 }],
    },
    {
      name: 'in a heredoc body: reported, never edited',
      code: 'FROM golang:1.23\nRUN <<EOF\nexport GOSUMDB=off\ngo mod download\nEOF\n',
      settings: { sumdb: 'sum.golang.google.cn' },
      unsafe: true,
      output: null,
      errors: [{ line: 3 }],
    },
    {
      name: 'exec form: reported, never edited',
      code: 'FROM golang:1.23\nRUN ["env", "GOSUMDB=off", "go", "mod", "download"]\n',
      settings: { sumdb: 'sum.golang.google.cn' },
      unsafe: true,
      output: null,
      errors: [{ line: 2 }],
    },
    {
      name: 'GOFLAGS=-insecure',
      code: 'FROM golang:1.15\nENV GOFLAGS="-mod=mod -insecure"\nRUN go get example.com/x\n',
      output: null,
      errors: [{ line: 2, message: /GOFLAGS=-insecure lets go get fetch over plain HTTP and skip checksum verification/ }],
    },
    {
      name: 'GONOSUMCHECK=1',
      code: 'FROM golang:1.23\nENV GONOSUMCHECK=1\nRUN go mod download\n',
      output: null,
      errors: [{ line: 2, message: /GONOSUMCHECK=1 asks go to skip module checksum verification/ }],
    },
    {
      name: 'GONOSUMDB and GOPRIVATE catch-alls',
      code: 'FROM golang:1.23\nENV GONOSUMDB=* GOPRIVATE=example.com/a,*.*\nRUN go mod download\n',
      output: null,
      errors: [
        { line: 2, message: /GONOSUMDB=\* matches every module, so none is checked against the checksum database/ },
        { line: 2, message: /GOPRIVATE=example.com\/a,\*\.\* matches every module.*the proxy is bypassed too/ },
      ],
    },
    {
      name: 'GOINSECURE',
      code: 'FROM golang:1.23\nARG GOINSECURE=git.corp.example.com\nRUN go mod download\n',
      output: null,
      errors: [{ line: 2, message: /GOINSECURE=git.corp.example.com fetches matching modules over plain HTTP or without certificate checks/ }],
    },
    {
      name: 'lower-case and a stage that runs no go: still reported (the image carries it)',
      code: 'from alpine\nenv GOSUMDB=off\n',
      output: null,
      errors: [{ line: 2 }],
    },
  ],
});

describe('gosumdb-off findings', () => {
  it('are errors; declined ones carry no fix', () => {
    const r = run(gosumdbOff, { code: 'FROM golang:1.23\nENV GOSUMDB=off GOINSECURE=*\nRUN go build .\n', settings: { sumdb: 'sum.golang.google.cn' } });
    expect(r.findings.map((f) => [f.severity, f.fix])).toEqual([
      ['error', 'unsafe'],
      ['error', null],
    ]);
  });
});
