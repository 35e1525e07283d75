-- wrk script for bench/run.py: once the run is over, one line that the script parses.
-- wrk measures latency in microseconds; errors.status counts the answers with a status of 400 or more.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH requests=%d rps=%.2f p50_us=%.0f p95_us=%.0f p99_us=%.0f non2xx=%d socket_errors=%d timeouts=%d\n",
    summary.requests,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50),
    latency:percentile(95),
    latency:percentile(99),
    errors.status,
    errors.connect + errors.read + errors.write,
    errors.timeout
  ))
end
