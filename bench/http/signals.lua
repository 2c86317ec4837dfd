-- wrk request generator for the gateway's HTTP benchmark (bench/http/http_bench.sh):
--   wrk -s bench/http/signals.lua http://127.0.0.1:PORT -- MODE RUN_TAG
-- MODE: single (one new alert per request), batch10 (ten new alerts per request) or duplicate
-- (the same alert every time: after the first request, every signal is a duplicate).
-- RUN_TAG makes the alerts of one run distinct from those of earlier runs on the same Redis.
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

local mode = "single"
local tag = "run"
local per_request = 1
local counter = 0

function init(args)
  mode = args[1] or "single"
  tag = (args[2] or "run") .. "t" .. tostring(thread_id or 0)
  if mode == "batch10" then per_request = 10 end
  if mode ~= "single" and mode ~= "batch10" and mode ~= "duplicate" then
    error("signals.lua: mode must be single, batch10 or duplicate (got " .. mode .. ")")
  end
end

local function alert(name)
  return '{"status":"firing","labels":{"alertname":"' .. name ..
         '","namespace":"bench","severity":"warning","pod":"bench-0"},' ..
         '"annotations":{"summary":"http bench"},"startsAt":"2025-10-24T12:00:00Z"}'
end

local headers = { ["Content-Type"] = "application/json" }

function request()
  local alerts = {}
  if mode == "duplicate" then
    alerts[1] = alert("BenchDuplicate")
  else
    for i = 1, per_request do
      counter = counter + 1
      alerts[i] = alert("Bench" .. tag .. "n" .. counter)
    end
  end
  local body = '{"version":"4","status":"firing","receiver":"bench","alerts":[' ..
               table.concat(alerts, ",") .. ']}'
  return wrk.format("POST", "/api/v1/signals/prometheus", headers, body)
end
