// An error that the person at the command line can act on: the CLI prints its message as one line, never a stack,
// and exits with its code (1 a refusal, as `init` refusing to overwrite a file; sysexits.h: 64 EX_USAGE, a request
// that cannot be carried out as given; 78 EX_CONFIG; 2 what an earlier verb already exited with and scripts read:
// an unknown target, `demo fail` with an unknown fault).
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 | 64 | 75 | 78,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
