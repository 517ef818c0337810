-- wrk script of tests/bench/customer-api: what each request of a scenario is.
-- Configured by the environment (wrk's Lua can read it in every thread):
--   BENCH_KIND    get (the URL as given), cart-new, cart-add or checkout
--   BENCH_PREFIX  session ids are BENCH_PREFIX .. n
--   BENCH_POOL    pool entries per wrk thread: thread t takes n = START + t * POOL + 1, + 2, ...
--   BENCH_START   (default 0)
--                 (setup.sql's bench.fill_carts made those carts for cart-add and checkout)
--   BENCH_LINES, BENCH_SPREAD, BENCH_IDS (a file of product ids, one per line,
--                 in bench.products order): the product added to cart n is
--                 bench.product_for(n, lines, lines, spread), as in setup.sql.
--   BENCH_ONCE    if set, the thread stops after its first answer (the statement check)
-- Prints one line "RESULT req/s p50_ms p99_ms non2xx socket_errors requests" at the end.

local next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

local kind = os.getenv("BENCH_KIND") or "get"
local prefix = os.getenv("BENCH_PREFIX") or ""
local pool = tonumber(os.getenv("BENCH_POOL") or "0")
local start = tonumber(os.getenv("BENCH_START") or "0")
local lines = tonumber(os.getenv("BENCH_LINES") or "0")
local spread = tonumber(os.getenv("BENCH_SPREAD") or "1")
local ids = {}
if os.getenv("BENCH_IDS") then
  for id in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = id end
end
local customer = '"customerInfo":{"name":"Bench Buyer","email":"bench@example.com","phone":"+15551234567",'
  .. '"shippingAddress":{"street":"1 Main St","city":"Springfield","state":"IL","postalCode":"62701","country":"US"}}'
local json = {["Content-Type"] = "application/json"}
local counter = 0

function request()
  if kind == "get" then return wrk.format() end
  counter = counter + 1
  local n = start + tid * pool + counter
  local session = prefix .. n
  if kind == "checkout" then
    return wrk.format("POST", "/api/v1/checkout",
      {["Content-Type"] = "application/json", ["Idempotency-Key"] = session},
      '{"sessionId":"' .. session .. '",' .. customer .. '}')
  end
  -- cart-new, cart-add: Lua arrays start at 1, product numbers at 0
  local product = ids[(n * math.max(lines, 1) + lines) % spread + 1]
  return wrk.format("POST", "/api/v1/carts/" .. session .. "/items", json,
    '{"productId":"' .. product .. '","quantity":1}')
end

if os.getenv("BENCH_ONCE") then
  function response() wrk.thread:stop() end
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout, summary.requests))
end
