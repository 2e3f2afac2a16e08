-- wrk script of bench/channel.sh. Two modes:
--   wrk ... -s bench/replay.lua URL -- file FILE THREADS   replays requests signed in advance (hpf.bench.PreSigner:
--     one request a line, its lines separated by tabs); thread k of THREADS sends lines k, k+THREADS, ... once each
--     and stops when its slice is used up (reported as exhausted: the rate is then a lower bound);
--   wrk ... -s bench/replay.lua URL -- bare ROWS            GET /rows/{random 1..ROWS} (hpf.bench.BareServer).
-- done() prints one line: RESULT requests=… duration_us=… non2xx=… socket=… p50_us=… p99_us=… exhausted=…
local threads = {}
local created = 0

function setup(thread)
  thread:set("id", created)
  created = created + 1
  table.insert(threads, thread)
end

function init(args)
  mode = args[1]
  exhausted = 0
  if mode == "bare" then
    rows = tonumber(args[2])
    math.randomseed(os.time() + id * 7919)
    return
  end
  local nthreads = tonumber(args[3])
  requests = {}
  local i = 0
  for line in io.lines(args[2]) do
    if i % nthreads == id then
      requests[#requests + 1] = (line:gsub("\t", "\r\n"))
    end
    i = i + 1
  end
  nextIndex = 1
end

function request()
  if mode == "bare" then
    return wrk.format("GET", "/rows/" .. math.random(1, rows))
  end
  local r = requests[nextIndex]
  if r == nil then
    -- Never send a request twice (its nonce would be refused): stop this thread; what the stopping loop may still
    -- write is an unsigned request its answer is never counted for.
    exhausted = 1
    wrk.thread:stop()
    return wrk.format("GET", "/")
  end
  requests[nextIndex] = nil
  nextIndex = nextIndex + 1
  return r
end

function done(summary, latency, requests)
  local out = 0
  for _, thread in ipairs(threads) do
    out = out + (thread:get("exhausted") or 0)
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d non2xx=%d socket=%d p50_us=%d p99_us=%d exhausted=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), out))
end
