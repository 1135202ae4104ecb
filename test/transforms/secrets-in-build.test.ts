import { describe, expect, it } from 'vitest';
import secretsInBuild, { isSecretName } from '../../src/transforms/secrets-in-build.js';
import { ruleTester, run } from './tester.js';

const G = 'FROM golang:1.23\n';
/** Never print the value: none of these may appear in a message. */
const hidden = (...values: string[]) => new RegExp(`^(?!.*(${values.join('|')}))`);

describe('isSecretName', () => {
  it.each([
    'TOKEN', 'GITHUB_TOKEN', 'GITLAB_TOKEN', 'CI_JOB_TOKEN', 'GH_TOKEN', 'NPM_TOKEN', 'PASSWORD', 'DB_PASSWORD', 'PASSWD', 'SECRET',
    'CLIENT_SECRET', 'API_KEY', 'APIKEY', 'ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY', 'PRIVATE_KEY', 'SSH_PRIVATE_KEY', 'NETRC', 'DEPLOY_KEY',
    'DB_PASS', 'GITHUB_PAT', 'githubToken', 'gitlab-token',
  ])('%s is a credential', (name) => expect(isSecretName(name)).toBe(true));
  it.each([
    'TOKENIZER_VERSION', 'SECRET_MOUNT_PATH', 'GITHUB_TOKEN_FILE', 'SECRET_ID', 'TOKEN_URL', 'AWS_ACCESS_KEY_ID', 'PUBLIC_KEY', 'SSH_PUBLIC_KEY',
    'PASS_THROUGH', 'CACHE_KEY', 'KEY', 'PASSWORD_LENGTH', 'COMPASS_VERSION', 'BYPASS', 'GOPATH', 'PWD', 'NETRC_PATH', 'KEYRING',
  ])('%s is not', (name) => expect(isSecretName(name)).toBe(false));
});

ruleTester(secretsInBuild, {
  valid: [
    // The leak-free replacements themselves.
    G + 'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download\n',
    G + 'RUN --mount=type=ssh git config --global url."git@github.com:".insteadOf "https://github.com/" && go mod download\n',
    G + 'RUN git config --global url."ssh://git@github.com/".insteadOf "https://github.com/"\n',
    // Near-miss names.
    G + 'ARG TOKENIZER_VERSION=1.2\nARG SECRET_MOUNT_PATH=/run/secrets/netrc\nARG GITHUB_TOKEN_FILE\nENV AWS_ACCESS_KEY_ID=AKIAEXAMPLE SSH_PUBLIC_KEY=x\n',
    G + 'ARG USE_TOKEN=false\nENV GITHUB_TOKEN=\n',
    G + 'ENV GITHUB_TOKEN=/run/secrets/github_token\n',
    // A global ARG only reaches FROM lines.
    'ARG REGISTRY_TOKEN\nFROM golang:1.23\nRUN go build .\n',
    // Plain URLs, user names without passwords, e-mail addresses.
    G + 'ENV GOPROXY=https://goproxy.cn,direct\nRUN git clone https://github.com/acme/tool.git && git config --global user.email ci@example.com\n',
    G + 'RUN git clone https://deploy@git.example.com/acme/tool.git\n',
    G + 'RUN curl -fsSL https://$GIT_USER@git.example.com/x -o /x\n',
    // A token read from a secret mount and used in a command that stores nothing.
    G + 'RUN --mount=type=secret,id=gh curl -H "x" https://x-access-token:$(cat /run/secrets/gh)@api.github.com/repos/acme/x\n',
    // A .netrc built from a secret and removed in the same RUN never reaches the layer.
    G + 'RUN --mount=type=secret,id=gh echo "machine github.com login x password $(cat /run/secrets/gh)" > ~/.netrc && go mod download && rm -f ~/.netrc\n',
    // git config with a secret, undone in the same RUN.
    G + 'RUN --mount=type=secret,id=gh git config --global url."https://x:$(cat /run/secrets/gh)@github.com/".insteadOf "https://github.com/" && go mod download && git config --global --unset-all url."https://x:$(cat /run/secrets/gh)@github.com/".insteadOf\n',
    // Files that are not secrets.
    G + 'COPY id_rsa.pub /root/.ssh/authorized_keys\nCOPY .ssh/known_hosts /root/.ssh/known_hosts\nCOPY certs/cert.pem certs/ca.pem /etc/ssl/\nRUN ssh-keyscan github.com >> ~/.ssh/known_hosts\n',
    G + 'COPY netrc.example /docs/\nRUN echo hi > /tmp/netrc.txt\n',
    G + 'RUN mkdir -p ~/.ssh && cp known_hosts ~/.ssh && cp ssh_config ~/.ssh/config\n',
    // Written and removed in the same RUN (the directory holding it).
    G + 'RUN --mount=type=secret,id=key cp /run/secrets/key ~/.ssh/id_ed25519 && go mod download && rm -rf ~/.ssh\n',
  ],
  invalid: [
    {
      name: 'ARG GITHUB_TOKEN is recorded in the history',
      code: G + 'ARG GITHUB_TOKEN\nRUN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/" && go mod download\n',
      output: null,
      errors: [
        { line: 2, message: /ARG GITHUB_TOKEN is recorded in the image history: `docker history` shows the value passed with --build-arg; mount it instead: `RUN --mount=type=secret,id=netrc,target=\/root\/.netrc go mod download` with `docker build --secret id=netrc,src=\$HOME\/.netrc`/ },
        { line: 3, message: /RUN writes a credential \(https:\/\/\*\*\*@github.com\) into git config: it stays in ~\/.gitconfig in the image layer; use the SSH agent instead: `RUN --mount=type=ssh` with `git config --global url."git@github.com:".insteadOf "https:\/\/github.com\/"` and `docker build --ssh default`/ },
      ],
    },
    {
      name: 'every credential-like ARG/ENV name',
      code: G + 'ARG GITLAB_TOKEN CI_JOB_TOKEN GH_TOKEN\nARG NPM_PASSWORD=hunter2\nARG SMTP_PASSWD\nARG CLIENT_SECRET\nENV API_KEY=abc123 ACCESS_KEY=def456\nENV PRIVATE_KEY "-----BEGIN"\nARG NETRC\n',
      output: null,
      errors: [
        { line: 2, message: /ARG GITLAB_TOKEN/ }, { line: 2, message: /ARG CI_JOB_TOKEN/ }, { line: 2, message: /ARG GH_TOKEN/ },
        { line: 3, message: hidden('hunter2') }, { line: 4, message: /ARG SMTP_PASSWD/ }, { line: 5, message: /ARG CLIENT_SECRET/ },
        { line: 6, message: /^ENV API_KEY stores a credential in the image: `docker inspect` shows it/ }, { line: 6, message: /ENV ACCESS_KEY/ },
        { line: 7, message: /ENV PRIVATE_KEY/ }, { line: 8, message: /ARG NETRC/ },
      ],
    },
    {
      name: 'ONBUILD ARG leaks in every build that uses the image',
      code: G + 'ONBUILD ARG GITHUB_TOKEN\n',
      output: null,
      errors: [{ line: 2, message: /ARG GITHUB_TOKEN/ }],
    },
    {
      name: 'a literal user:token in git config insteadOf, never printed',
      code: G + 'RUN git config --global url."https://ci-bot:ghp_SuperSecretValue123@github.com/".insteadOf "https://github.com/"\n',
      output: null,
      errors: [{ line: 2, message: hidden('ci-bot', 'ghp_SuperSecretValue123') }],
    },
    {
      name: 'git config on another host: the SSH suggestion names that host',
      code: G + 'ARG CI_TOKEN\nRUN git config --global url."https://oauth2:${CI_TOKEN}@code.example.tech/".insteadOf "https://code.example.tech/"\n',
      output: null,
      errors: [
        { line: 2, message: /ARG CI_TOKEN/ },
        {
          line: 3,
          message:
            'RUN writes a credential (https://***@code.example.tech) into git config: it stays in ~/.gitconfig in the image layer; use the SSH agent instead: `RUN --mount=type=ssh` with `git config --global url."git@code.example.tech:".insteadOf "https://code.example.tech/"` and `docker build --ssh default`, or a .netrc secret mount',
        },
      ],
    },
    {
      name: 'git clone from a GitLab host: the SSH suggestion names it',
      code: G + 'RUN git clone https://gitlab-ci-token:glpat-abcdefghij0123456789@gitlab.example.com/acme/lib.git\n',
      output: null,
      errors: [{ line: 2, message: /url\."git@gitlab\.example\.com:"\.insteadOf "https:\/\/gitlab\.example\.com\/"/ }],
    },
    {
      name: 'a token as the user name',
      code: G + 'RUN git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123@github.com/acme/private.git\n',
      output: null,
      errors: [{ line: 2, message: /RUN gives git a URL with a credential \(https:\/\/\*\*\*@github.com\): it is saved in the repository's .git\/config/ }],
    },
    {
      name: 'a secret read from a mount still stays in git config',
      code: G + 'RUN --mount=type=secret,id=gh git config --global url."https://x:$(cat /run/secrets/gh)@github.com/".insteadOf "https://github.com/" && go mod download\n',
      output: null,
      errors: [{ line: 2, message: /into git config/ }],
    },
    {
      name: 'a literal password in any command: history shows the command',
      code: G + 'RUN curl -fsSL -o /tmp/x https://admin:s3cr3t@files.example.com/x\n',
      output: null,
      errors: [{ line: 2, message: /RUN has a credential in a URL \(https:\/\/\*\*\*@files.example.com\): `docker history` shows the command/ }],
    },
    {
      name: 'a build arg used as a URL password, even with an innocent name',
      code: G + 'ARG GIT_USER\nARG GIT_CRED\nRUN GOPROXY=https://$GIT_USER:$GIT_CRED@athens.example.com go mod download\n',
      output: null,
      errors: [{ line: 4, message: /RUN puts GIT_USER, GIT_CRED into a URL as a credential/ }],
    },
    {
      name: 'a proxy URL with credentials in ENV/ARG',
      code: G + 'ENV GOPROXY=https://ci:pa55@athens.example.com,direct\nARG GONOSUMDB_URL=https://${U}:${P}@sum.example.com\n',
      output: null,
      errors: [
        { line: 2, message: /ENV GOPROXY holds a URL with credentials \(https:\/\/\*\*\*@athens.example.com\): `docker inspect` and `docker history` show it/ },
        { line: 3, message: /ARG GONOSUMDB_URL holds a URL with credentials/ },
      ],
    },
    {
      name: 'go env -w with a credential URL',
      code: G + 'RUN go env -w GOPROXY=https://u:p4ss@athens.example.com\n',
      output: null,
      errors: [{ line: 2, message: /with go env -w: it stays in the go env file/ }],
    },
    {
      name: 'echo ... > ~/.netrc',
      code: G + 'ARG TOKEN\nRUN echo "machine github.com login ci password ${TOKEN}" > ~/.netrc && go mod download\n',
      output: null,
      errors: [{ line: 2, message: /ARG TOKEN/ }, { line: 3, message: /RUN writes .netrc into the image layer: its credentials ship with the image/ }],
    },
    {
      name: 'printf >> .netrc, tee, and a heredoc, including in the body',
      code: G + 'RUN printf "machine %s\\n" git.example.com >>.netrc\nRUN echo x | tee -a /root/.git-credentials\nRUN cat > /root/.netrc <<EOF\nmachine github.com password x\nEOF\nRUN <<EOF\necho key > /root/.ssh/id_ed25519\nEOF\n',
      output: null,
      errors: [
        { line: 2, message: /\.netrc/ },
        { line: 3, message: /RUN writes .git-credentials/ },
        { line: 4, message: /\.netrc/ },
        { line: 8, message: /RUN writes the SSH private key id_ed25519 into the image layer.*--ssh default/ },
      ],
    },
    {
      name: 'copying a mounted secret into the layer',
      code: G + 'RUN --mount=type=secret,id=netrc cp /run/secrets/netrc /root/.netrc && go mod download\n',
      output: null,
      errors: [{ line: 2, message: /RUN writes .netrc/ }],
    },
    {
      name: 'cp of a key into a directory',
      code: G + 'RUN --mount=type=secret,id=key cp /run/secrets/key id_rsa && cp id_rsa ~/.ssh && go mod download\n',
      output: null,
      errors: [{ line: 2, message: /RUN writes the SSH private key id_rsa/ }],
    },
    {
      name: 'COPY of SSH keys, a .ssh directory, .git-credentials and a private key .pem',
      code: G + 'COPY id_rsa /root/.ssh/id_rsa\nADD keys/id_ed25519 keys/id_ecdsa /root/.ssh/\nCOPY .ssh /root/.ssh\nCOPY ["ci/.git-credentials", "/root/"]\nCOPY github-app.private-key.pem /app/\nCOPY deploy_key /root/.ssh/id_rsa\n',
      output: null,
      errors: [
        { line: 2, message: /COPY puts the SSH private key id_rsa into an image layer: anyone with the image can read it, even if a later RUN deletes it; use the SSH agent instead/ },
        { line: 3, message: /ADD puts the SSH private key id_ed25519/ },
        { line: 4, message: /the .ssh directory/ },
        { line: 5, message: /COPY puts .git-credentials/ },
        { line: 6, message: /the private key github-app.private-key.pem/ },
        { line: 7, message: /id_rsa/ },
      ],
    },
    {
      name: 'COPY <<EOF /root/.netrc',
      code: G + 'COPY <<EOF /root/.netrc\nmachine github.com password x\nEOF\nRUN go mod download\n',
      output: null,
      errors: [{ line: 2, message: /COPY puts .netrc/ }],
    },
    {
      name: 'COPY .netrc followed by RUNs: the secret mount fix (unsafe)',
      code: 'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY .netrc /root/.netrc\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
      unsafe: true,
      output:
        'FROM golang:1.23 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=secret,id=netrc,target=/root/.netrc go mod download\nCOPY . .\nRUN --mount=type=secret,id=netrc,target=/root/.netrc go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
      errors: [{ line: 3, message: /COPY puts .netrc into an image layer.*RUN --mount=type=secret,id=netrc,target=\/root\/.netrc go mod download/ }],
    },
    {
      name: '... not applied without unsafe fixes',
      code: G + 'COPY .netrc /root/\nRUN go mod download\n',
      output: null,
      errors: [{ line: 2 }],
    },
    {
      name: 'a relative destination follows WORKDIR; CRLF kept',
      code: 'FROM golang:1.23\r\nWORKDIR /root\r\nCOPY .netrc .\r\nRUN go mod download\r\n',
      unsafe: true,
      output: 'FROM golang:1.23\r\nWORKDIR /root\r\nRUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download\r\n',
      errors: [{ line: 3 }],
    },
    ...[
      ['a later USER cannot read a root-only secret mount', 'COPY .netrc /root/.netrc\nUSER 1000\nRUN go mod download\n'],
      ['--chown changes who can read it', 'COPY --chown=app .netrc /home/app/.netrc\nRUN go mod download\n'],
      ['a later RUN deletes it (a secret mount cannot be deleted)', 'COPY .netrc /root/.netrc\nRUN go mod download && rm /root/.netrc\n'],
      ['no RUN uses it', 'COPY .netrc /root/.netrc\nCMD ["app"]\n'],
      ['a destination that may be a directory', 'COPY .netrc /root\nRUN go mod download\n'],
      ['the stage is a base for another', 'COPY .netrc /root/.netrc\nRUN go mod download\nFROM build AS next\nRUN go build .\n'],
    ].map(([name, body]) => ({ name: `declined: ${name}`, code: 'FROM golang:1.23 AS build\n' + body, unsafe: true, output: null, errors: [{ line: 2, message: /COPY puts .netrc/ }] })),
    {
      name: 'declined: another stage copies the directory holding it',
      code: 'FROM golang:1.23 AS build\nCOPY .netrc /root/.netrc\nRUN go mod download\nFROM alpine\nCOPY --from=build /root /root\n',
      unsafe: true,
      output: null,
      errors: [{ line: 2 }],
    },
    {
      name: 'an ADD with credentials in its URL',
      code: G + 'ADD https://u:pw@files.example.com/tool.tgz /tmp/\n',
      output: null,
      errors: [{ line: 2, message: /ADD fetches a URL with credentials \(https:\/\/\*\*\*@files.example.com\)/ }],
    },
  ],
});

describe('secrets-in-build findings', () => {
  it('are errors; only the COPY .netrc shape carries a (unsafe) fix', () => {
    const r = run(secretsInBuild, { code: G + 'ARG GITHUB_TOKEN\nCOPY .netrc /root/.netrc\nRUN go mod download\n' });
    expect(r.findings.map((f) => [f.line, f.severity, f.fix])).toEqual([
      [2, 'error', null],
      [3, 'error', 'unsafe'],
    ]);
  });
});
