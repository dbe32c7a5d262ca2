// Preloaded into the server child when profiling (BENCH_NODE_ARGS="--cpu-prof …"): Nest closes the
// app on SIGTERM and then re-sends the signal to die by it, which would skip writing the profile.
// With this listener the process exits normally instead (the first SIGTERM still closes the app).
let seen = 0;
process.on('SIGTERM', () => {
  if (++seen > 1) process.exit(0);
  setTimeout(() => process.exit(0), 5000).unref();
});
