// Preloaded by bench-startup.mjs (node -r): reports this process's peak RSS when it exits.
process.on('exit', () => process.stderr.write(`\nmaxrss_kb=${process.resourceUsage().maxRSS}\n`));
