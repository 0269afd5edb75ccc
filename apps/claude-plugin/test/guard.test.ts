import { describe, expect, it } from 'vitest';
import { decideBashCommand, decideToolUse } from '../src/guard.js';
import { parseShell } from '../src/shell.js';

type Row = [command: string, expected: 'allow' | 'deny'];

const TABLE: Row[] = [
  // Reading and searching
  ['ls -la src', 'allow'],
  ['cat src/auth.ts', 'allow'],
  ['head -n 40 src/auth.ts && tail -n 20 src/auth.ts', 'allow'],
  ['grep -rn "handleCallback" src', 'allow'],
  ['rg -n "useEffect" --type ts', 'allow'],
  ['find . -name "*.ts" -not -path "./node_modules/*"', 'allow'],
  ['wc -l src/*.ts | sort -n | tail -5', 'allow'],
  ['file package.json', 'allow'],
  ['cat package.json | jq .scripts', 'allow'],
  ['echo "a > b" | grep ">"', 'allow'],
  ["grep -n 'rm -rf' scripts/deploy.sh", 'allow'],
  ['echo hello 2>&1', 'allow'],
  ['ls missing 2>/dev/null || echo none', 'allow'],
  ['npm test > /dev/null 2>&1', 'allow'],
  ['find src -type f -exec grep -l TODO {} +', 'allow'],
  ['cd packages/app && ls', 'allow'],
  ['echo $(git rev-parse HEAD)', 'allow'],
  ['diff <(cat a.txt) <(cat b.txt)', 'allow'],
  ["awk '{ print $1 }' data.txt", 'allow'],
  ["awk '$3 > max { max = $3 } END { print max }' data.txt", 'allow'],
  ["sed -n '10,20p' src/auth.ts", 'allow'],
  ['python3 -c \'print(open("setup.cfg").read())\'', 'allow'],
  ['node -e \'console.log(require("./package.json").version)\'', 'allow'],
  ['for f in src/*.ts; do wc -l "$f"; done', 'allow'],
  ['cat <<EOF\nhello > world\nEOF', 'allow'],
  ['tar -tzf release.tgz', 'allow'],
  // git inspection
  ['git status', 'allow'],
  ['git log --oneline -n 10', 'allow'],
  ['git diff HEAD~1 -- src/auth.ts', 'allow'],
  ['git blame -L 40,60 src/auth.ts', 'allow'],
  ['git show HEAD:src/auth.ts', 'allow'],
  ['git -C ../other --no-pager log', 'allow'],
  ['git branch -a', 'allow'],
  ['git stash list', 'allow'],
  // tests and builds
  ['npm test', 'allow'],
  ['pnpm test -- --run auth', 'allow'],
  ['npm run build', 'allow'],
  ['pnpm --filter @app/web typecheck', 'allow'],
  ['npx vitest run test/auth.test.ts', 'allow'],
  ['npx jest --watchAll=false', 'allow'],
  ['pytest -k callback -q', 'allow'],
  ['python -m pytest tests/', 'allow'],
  ['cargo test --all', 'allow'],
  ['go test ./...', 'allow'],
  ['make test', 'allow'],
  ['tsc --noEmit -p .', 'allow'],
  ['CI=1 npm test', 'allow'],
  ['yarn test', 'allow'],
  ['timeout 60 npm test', 'allow'],
  ['bash -c "npm test && git status"', 'allow'],
  // Redirects and here-docs into files
  ['echo "fix" > src/auth.ts', 'deny'],
  ['echo "more" >> notes.md', 'deny'],
  ['cat <<EOF > src/config.ts\nexport const x = 1;\nEOF', 'deny'],
  ['npm test &> test-output.log', 'deny'],
  ['printf "x" >| file.txt', 'deny'],
  ['ls > "my file.txt"', 'deny'],
  ['echo x 1>out.txt', 'deny'],
  // Commands that write
  ['tee src/auth.ts < /tmp/x', 'deny'],
  ['cat a | tee -a b.txt', 'deny'],
  ["sed -i 's/foo/bar/g' src/auth.ts", 'deny'],
  ["sed -i.bak -e 's/a/b/' x.ts", 'deny'],
  ["sed -Ei 's/a/b/' x.ts", 'deny'],
  ['dd if=/dev/zero of=big.bin bs=1M count=1', 'deny'],
  ['mv src/a.ts src/b.ts', 'deny'],
  ['cp .env.example .env', 'deny'],
  ['rm -rf node_modules', 'deny'],
  ['mkdir -p src/utils', 'deny'],
  ['touch src/new.ts', 'deny'],
  ['chmod +x scripts/run.sh', 'deny'],
  ['chown me:me file', 'deny'],
  ['ln -s ../shared src/shared', 'deny'],
  ['truncate -s 0 log.txt', 'deny'],
  ['patch -p1 < fix.diff', 'deny'],
  ['find . -name "*.orig" -delete', 'deny'],
  ['find . -name "*.tmp" -exec rm {} \\;', 'deny'],
  ['find . -name "*.log" | xargs rm -f', 'deny'],
  ["perl -pi -e 's/a/b/' src/auth.ts", 'deny'],
  ["perl -i -pe 's/a/b/' src/auth.ts", 'deny'],
  ["python3 -c \"open('src/auth.ts', 'w').write('x')\"", 'deny'],
  ['python -c \'import pathlib; pathlib.Path("a.py").write_text("x")\'', 'deny'],
  ['python3 -c \'import os; os.remove("a.py")\'', 'deny'],
  ["node -e \"require('fs').writeFileSync('a.js', 'x')\"", 'deny'],
  ["node -e \"require('child_process').execSync('rm a')\"", 'deny'],
  ['curl -o script.sh https://example.com/x', 'deny'],
  ['wget https://example.com/file.zip', 'deny'],
  ['prettier --write src', 'deny'],
  ['npx eslint --fix src', 'deny'],
  ['npm run format', 'deny'],
  ['pnpm lint:fix', 'deny'],
  ['tar -xzf release.tgz', 'deny'],
  ['sort -o sorted.txt data.txt', 'deny'],
  // git writes
  ['git add -A', 'deny'],
  ['git commit -m "fix auth"', 'deny'],
  ['git push origin main', 'deny'],
  ['git reset --hard HEAD~1', 'deny'],
  ['git checkout -- src/auth.ts', 'deny'],
  ['git stash', 'deny'],
  ['git merge feature', 'deny'],
  ['git rebase -i HEAD~3', 'deny'],
  ['git apply fix.patch', 'deny'],
  ['git -C repo commit -am wip', 'deny'],
  ['git restore src/auth.ts', 'deny'],
  ['git clean -fd', 'deny'],
  ['git branch -D old', 'deny'],
  // package managers
  ['npm version patch', 'deny'],
  ['npm install lodash', 'deny'],
  ['pnpm add zod', 'deny'],
  ['yarn', 'deny'],
  ['pip install requests', 'deny'],
  ['cargo add serde', 'deny'],
  ['go mod tidy', 'deny'],
  ['go get example.com/x', 'deny'],
  ['make install', 'deny'],
  // chains, pipes, subshells, quoting, wrappers
  ['npm test && git commit -am "done"', 'deny'],
  ['git status; rm -f tmp.txt', 'deny'],
  ['false || touch marker', 'deny'],
  ['ls | xargs -I{} cp {} backup/', 'deny'],
  ['echo $(rm -rf build)', 'deny'],
  ['echo `touch hacked`', 'deny'],
  ['echo "today: $(date > stamp.txt)"', 'deny'],
  ['(cd src && rm old.ts)', 'deny'],
  ['{ echo a; echo b; } > out.txt', 'deny'],
  ["bash -c 'echo hi > greeting.txt'", 'deny'],
  ['sh -c "git add . && git commit -m x"', 'deny'],
  ['bash -lc "sh -c \'rm -rf dist\'"', 'deny'],
  ['eval "rm -rf build"', 'deny'],
  ['sudo rm -rf /tmp/x', 'deny'],
  ['env FOO=1 rm file', 'deny'],
  ['FOO=bar /bin/rm file', 'deny'],
  ["echo 'unterminated", 'deny'],
  ['cat file | while read l; do echo "$l" >> copy.txt; done', 'deny'],
];

describe('Read-Only Enforcement: PreToolUse guard', () => {
  it(`decides every one of the ${TABLE.length} commands in the table`, () => {
    const wrong = TABLE.filter(([command, expected]) => decideBashCommand(command).decision !== expected).map(
      ([command, expected]) =>
        `${expected} expected: ${JSON.stringify(command)} (${decideBashCommand(command).reason})`,
    );
    expect(wrong).toEqual([]);
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
  });

  it.each(TABLE)('%j -> %s', (command, expected) => {
    expect(decideToolUse('Bash', { command }).decision).toBe(expected);
  });

  it.each(['Write', 'Edit', 'MultiEdit', 'NotebookEdit'])(
    'denies the %s tool with a reason Paige can say aloud',
    (tool) => {
      const verdict = decideToolUse(tool, { file_path: '/p/src/a.ts', content: 'x' });
      expect(verdict.decision).toBe('deny');
      expect(verdict.reason).toContain('coach');
      expect(verdict.reason).toContain(tool);
    },
  );

  it('allows reads, searches and the Paige MCP tools', () => {
    for (const tool of [
      'Read',
      'Glob',
      'Grep',
      'WebFetch',
      'mcp__plugin_paige_paige__paige_highlight_lines',
    ]) {
      expect(decideToolUse(tool, {}).decision).toBe('allow');
    }
  });

  it('names the offending command in the denial reason', () => {
    expect(decideBashCommand('npm test && rm -rf dist').reason).toContain('"rm" deletes files');
    expect(decideBashCommand('echo x > a.txt').reason).toContain('> a.txt');
  });
});

describe('shell reader', () => {
  it('splits chains and pipes, removes quotes, and reads redirects', () => {
    const parsed = parseShell(`FOO=1 grep -n "a b" 'c d' | wc -l && echo x 2>&1 >> log.txt`);
    expect(parsed.error).toBeNull();
    expect(parsed.commands.map((c) => c.words)).toEqual([
      ['FOO=1', 'grep', '-n', 'a b', 'c d'],
      ['wc', '-l'],
      ['echo', 'x'],
    ]);
    expect(parsed.commands[2]?.redirects).toEqual([
      { fd: '2', op: '>&', target: '1' },
      { fd: '', op: '>>', target: 'log.txt' },
    ]);
  });

  it('reads commands inside $( ), backticks and process substitutions, and skips here-doc bodies', () => {
    const parsed = parseShell('echo "$(ls src)" `pwd` <(cat a)\ncat <<-END\n\trm -rf /\n\tEND\nls');
    expect(parsed.commands.map((c) => c.words[0])).toEqual(['ls', 'pwd', 'cat', 'echo', 'cat', 'ls']);
  });

  it('reports unterminated quotes and substitutions', () => {
    expect(parseShell('echo "abc').error).toMatch(/double quote/);
    expect(parseShell('echo $(ls').error).toMatch(/unterminated/);
  });
});
