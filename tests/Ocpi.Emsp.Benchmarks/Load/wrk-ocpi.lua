-- OCPI load for wrk (https://github.com/wg/wrk), written by the benchmark next to its inputs and run as
--   wrk -t T -c C -d Ns -s wrk-ocpi.lua URL -- METHOD PATH_TEMPLATE BODY_FILE UID_FILE PREFIX AUTHORIZATION
-- PATH_TEMPLATE and the body (BODY_FILE, "-" for none) hold __ID__: each request replaces it with a new id
-- (PREFIX, thread number, counter) or, with UID_FILE (one uid a line, "-" for none), with a uid drawn at random.
-- A response counts as a success only with HTTP 2xx and OCPI status_code 1000. done() prints one line of figures
-- (WRK_JSON) and the latency histogram (WRK_HIST "microseconds:count ..."), which the benchmark merges over slices.
-- The histogram is the one wrk's own --latency percentiles come from: wrk has already corrected it for coordinated
-- omission (for an answer slower than twice the mean time between answers on a connection, it adds the answers a
-- fixed-rate client would have waited for), so it holds at least one latency per answer, often more.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end

local function read(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

function init(args)
  method, path_template, prefix = args[1], args[2], args[5]
  body_template = args[3] ~= "-" and read(args[3]) or nil
  if args[4] ~= "-" then
    uids = {}
    for line in io.lines(args[4]) do
      if #line > 0 then uids[#uids + 1] = line end
    end
  end
  headers = { ["Authorization"] = args[6], ["Content-Type"] = "application/json" }
  math.randomseed(os.time() * 100 + number)
  counter, ok, bad, sample = 0, 0, 0, ""
end

function request()
  counter = counter + 1
  local id = uids and uids[math.random(#uids)] or (prefix .. number .. "-" .. counter)
  local request_id = prefix .. "r" .. number .. "-" .. counter
  headers["X-Request-ID"] = request_id
  headers["X-Correlation-ID"] = request_id
  local path = path_template:gsub("__ID__", id)
  local body = body_template and body_template:gsub("__ID__", id) or nil
  return wrk.format(method, path, headers, body)
end

function response(status, response_headers, body)
  if status >= 200 and status < 300 and body:find('"status_code":1000', 1, true) then
    ok = ok + 1
  else
    bad = bad + 1
    if sample == "" then sample = "HTTP " .. status .. ": " .. body:sub(1, 200) end
  end
end

local function json_string(text)
  return '"' .. text:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function done(summary, latency, requests)
  local total_ok, total_bad, first_sample = 0, 0, ""
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_bad = total_bad + thread:get("bad")
    local s = thread:get("sample")
    if first_sample == "" and s ~= nil then first_sample = s end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"ok":%d,"bad":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"status_errors":%d,"timeouts":%d,"sample":%s}\n',
    summary.requests, summary.duration, total_ok, total_bad, e.connect, e.read, e.write, e.status, e.timeout,
    json_string(first_sample)))
  local parts = {}
  for i = 1, #latency do
    local value, count = latency(i)
    parts[#parts + 1] = string.format("%d:%d", value, count)
  end
  io.write("WRK_HIST " .. table.concat(parts, " ") .. "\n")
end
