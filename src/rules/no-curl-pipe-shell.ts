import { defineRule } from './support/define.js';
import { allInstructions, isExecForm, lineEvidence, unquoted } from './support/dockerfile.js';
import { fail, pass } from './support/types.js';

/**
 * `curl … | sh`, `wget -O- … | sudo bash`, `curl … | python3 -`. The command before the pipe stops at the next
 * curl or wget, which is tried from there: read to the pipe from every one, a line of them took quadratic time.
 */
const PIPE_TO_SHELL =
  /\b(?:curl|wget)\b(?:(?!\b(?:curl|wget)\b)[^|;&\n])*\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:\S*\/)?(?:sh|bash|dash|ash|zsh|ksh|python[\d.]*|perl|ruby|node)\b/;
const CHECKSUM =
  /\b(?:sha(?:1|224|256|384|512)sum|shasum|b2sum|md5sum)\b|gpg\s+--verify|\bcosign\s+verify|\bminisign\b/;

export const noCurlPipeShell = defineRule({
  id: 'no-curl-pipe-shell',
  title: 'No curl | sh without a checksum',
  severity: 'high',
  needs: ['dockerfile'],
  categories: ['security'],
  rationale:
    'Piping a download into a shell runs whatever the server (or anyone in between, or whoever took over the ' +
    'domain) returns at build time, with the build’s privileges, and leaves no trace of what ran. Downloading to a ' +
    'file and checking a pinned checksum first makes the step reproducible and tamper-evident.',
  fix:
    'Download to a file, verify a pinned checksum, then run it.\n' +
    'RUN curl -fsSLo /tmp/install.sh https://example.com/install-1.2.3.sh \\\n' +
    ' && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \\\n' +
    ' && sh /tmp/install.sh && rm /tmp/install.sh',
  check: ({ dockerfile }) => {
    const offenders = allInstructions(dockerfile).filter(
      (instruction) =>
        instruction.keyword === 'RUN' &&
        !isExecForm(instruction) &&
        PIPE_TO_SHELL.test(unquoted(instruction.arguments)) &&
        !CHECKSUM.test(instruction.arguments),
    );
    if (offenders.length === 0) return pass('no download piped into a shell without a checksum');
    return {
      ...fail(
        `${offenders.length} download${offenders.length === 1 ? '' : 's'} piped into a shell without a checksum`,
        offenders.map((instruction) => lineEvidence(instruction)),
      ),
      line: offenders[0]!.line,
    };
  },
});
