// Output on stdout that is whole before the process exits. main ends with process.exit(), and a
// write to a pipe whose reader is slower than us is queued once the pipe buffer (64 KiB) is
// full: exiting then would cut the report short. The promise settles when the kernel has it all.
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
}
