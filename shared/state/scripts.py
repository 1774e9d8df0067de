"""Lua for the Redis store: every transition is one atomic compare-and-set that also
announces the job's new snapshot on its channel (no extra round trip).

Over ~150 lines because it is the Lua of one store, each script beside its KEYS/ARGV note;
split, a script's helpers (snapshot, the listing indexes) would sit in another file."""

_SNAPSHOT = """
local function snapshot(key, channel)
  local h = redis.call('HGETALL', key)
  local t = {}
  for i = 1, #h, 2 do if h[i] ~= 'spec' then t[h[i]] = h[i + 1] end end
  redis.call('PUBLISH', channel, cjson.encode({job = t}))
end
local function final(st) return st == 'completed' or st == 'failed' or st == 'cancelled' end
"""

# The listing indexes (sorted sets scored by created_at): all jobs, and per status group
# ("live" = queued or running; queued→running happens inside one group, so ENTER and ADVANCE
# never touch an index), each globally and per owner. Owner keys are built here from the
# job's hash, so they are not in KEYS: fine on one Redis (this project), not on a cluster.
# Every write trims entries older than the retention, the age at which their records expire.
_INDEX = """
local function index_keys(p, group, owner)
  local out = {p .. ':jobs:' .. group}
  if group == 'all' then out[1] = p .. ':jobs' end
  if owner and owner ~= '' then out[2] = p .. ':owner:' .. group .. ':' .. owner end
  return out
end
local function group_of(st) if final(st) then return st end return 'live' end
local function index_add(p, group, owner, score, id, ttl, now)
  for _, k in ipairs(index_keys(p, group, owner)) do
    redis.call('ZADD', k, score, id)
    redis.call('ZREMRANGEBYSCORE', k, '-inf', '(' .. (tonumber(now) - tonumber(ttl)))
    redis.call('EXPIRE', k, ttl)
  end
end
local function index_move(p, key, from, to, ttl, now)
  local id = string.sub(key, string.len(p .. ':job:') + 1)
  local h = redis.call('HMGET', key, 'owner', 'created_at')
  for _, k in ipairs(index_keys(p, from, h[1])) do redis.call('ZREM', k, id) end
  index_add(p, to, h[1], h[2], id, ttl, now)
end
"""

# KEYS: job, channel  ARGV: stage, rank, progress, now
ADVANCE = (
    _SNAPSHOT
    + """
local st = redis.call('HGET', KEYS[1], 'status')
if not st or final(st) then return 0 end
if tonumber(ARGV[2]) < tonumber(redis.call('HGET', KEYS[1], 'rank') or '0') then return 0 end
local p = math.max(tonumber(redis.call('HGET', KEYS[1], 'progress') or '0'), tonumber(ARGV[3]))
redis.call('HSET', KEYS[1], 'stage', ARGV[1], 'rank', ARGV[2], 'status', 'running',
           'progress', tostring(p), 'updated_at', ARGV[4])
snapshot(KEYS[1], KEYS[2])
return 1
"""
)

# KEYS: job, channel  ARGV: progress, now
PROGRESS = (
    _SNAPSHOT
    + """
local st = redis.call('HGET', KEYS[1], 'status')
if not st or final(st) then return 0 end
if tonumber(ARGV[1]) <= tonumber(redis.call('HGET', KEYS[1], 'progress') or '0') then return 0 end
redis.call('HSET', KEYS[1], 'progress', ARGV[1], 'updated_at', ARGV[2])
snapshot(KEYS[1], KEYS[2])
return 1
"""
)

# KEYS: job, channel  ARGV: status, error, outputs-json, now, prefix, ttl, only-from ('' = any)
FINISH = (
    _SNAPSHOT
    + _INDEX
    + """
local st = redis.call('HGET', KEYS[1], 'status')
if not st or final(st) then return 0 end
if ARGV[7] ~= '' and st ~= ARGV[7] then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'error', ARGV[2], 'updated_at', ARGV[4])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'outputs', ARGV[3]) end
if ARGV[1] == 'completed' then redis.call('HSET', KEYS[1], 'progress', '100') end
index_move(ARGV[5], KEYS[1], 'live', group_of(ARGV[1]), ARGV[6], ARGV[4])
snapshot(KEYS[1], KEYS[2])
return 1
"""
)

# A paused job keeps its listing group (live); the paused set, scored by deadline, is what the
# expiry sweep reads.
# KEYS: job, channel, paused  ARGV: approval-json, deadline, now, job id
PAUSE = (
    _SNAPSHOT
    + """
local st = redis.call('HGET', KEYS[1], 'status')
if not st or final(st) then return 0 end
redis.call('HSET', KEYS[1], 'status', 'awaiting_approval', 'approval', ARGV[1],
           'updated_at', ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[4])
snapshot(KEYS[1], KEYS[2])
return 1
"""
)

# KEYS: job, channel, paused  ARGV: now, job id
RESUME = (
    _SNAPSHOT
    + """
if redis.call('HGET', KEYS[1], 'status') ~= 'awaiting_approval' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'running', 'approval', '', 'updated_at', ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[2])
snapshot(KEYS[1], KEYS[2])
return 1
"""
)

# KEYS: job, channel  ARGV: now, prefix, ttl
REVIVE = (
    _SNAPSHOT
    + _INDEX
    + """
if redis.call('HGET', KEYS[1], 'status') ~= 'failed' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'running', 'error', '', 'updated_at', ARGV[1])
index_move(ARGV[2], KEYS[1], 'failed', 'live', ARGV[3], ARGV[1])
snapshot(KEYS[1], KEYS[2])
return 1
"""
)

# The start of handling a message, in one round trip: check the job, claim the message,
# advance the stage, append the "started" event.
# KEYS: job, claim, timeline, channel
# ARGV: token, lease-ms, stage, rank, progress, now, event-json, allow-final, ttl
ENTER = (
    _SNAPSHOT
    + """
local st = redis.call('HGET', KEYS[1], 'status')
if not st then return 'unknown' end
if st == 'cancelled' or (final(st) and ARGV[8] == '0') then return 'skip:' .. st end
local v = redis.call('GET', KEYS[2])
if v == 'done' then return 'done' end
if v and v ~= ARGV[1] then return 'busy' end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
if not final(st) and tonumber(ARGV[4]) >= tonumber(redis.call('HGET', KEYS[1], 'rank') or '0') then
  local p = math.max(tonumber(redis.call('HGET', KEYS[1], 'progress') or '0'), tonumber(ARGV[5]))
  redis.call('HSET', KEYS[1], 'stage', ARGV[3], 'rank', ARGV[4], 'status', 'running',
             'progress', tostring(p), 'updated_at', ARGV[6])
  snapshot(KEYS[1], KEYS[4])
end
redis.call('RPUSH', KEYS[3], ARGV[7])
redis.call('EXPIRE', KEYS[3], ARGV[9])
redis.call('PUBLISH', KEYS[4], '{"event":' .. ARGV[7] .. '}')
return 'ok'
"""
)

# KEYS: parts, claim  ARGV: field, payload, expected, claimer, now, lease, ttl
JOIN = """
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[7])
if redis.call('HLEN', KEYS[1]) < tonumber(ARGV[3]) then return false end
local c = redis.call('GET', KEYS[2])
if c == 'done' then return false end
if c then
  local sep = string.find(c, '|', 1, true)
  local who = string.sub(c, 1, sep - 1)
  local at = tonumber(string.sub(c, sep + 1))
  if who ~= ARGV[4] and tonumber(ARGV[5]) - at < tonumber(ARGV[6]) then return 'busy' end
end
redis.call('SET', KEYS[2], ARGV[4] .. '|' .. ARGV[5])
return redis.call('HGETALL', KEYS[1])
"""

# KEYS: claim  ARGV: token, lease-ms
CLAIM = """
local v = redis.call('GET', KEYS[1])
if v == 'done' then return 'done' end
if v and v ~= ARGV[1] then return 'busy' end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 'ok'
"""

# KEYS: claim  ARGV: token, lease-ms (0 = release)
REFRESH = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '0' then redis.call('DEL', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
"""

# Retention counts from creation: the record expires when its index entries are trimmed.
# KEYS: job, channel
# ARGV: ttl, created-at, snapshot-json, job id, prefix, now, owner, field/value pairs...
CREATE = (
    _SNAPSHOT
    + _INDEX
    + """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 8))
redis.call('EXPIREAT', KEYS[1], math.ceil(tonumber(ARGV[2]) + tonumber(ARGV[1])))
index_add(ARGV[5], 'all', ARGV[7], ARGV[2], ARGV[4], ARGV[1], ARGV[6])
local group = group_of(redis.call('HGET', KEYS[1], 'status'))
index_add(ARGV[5], group, ARGV[7], ARGV[2], ARGV[4], ARGV[1], ARGV[6])
redis.call('PUBLISH', KEYS[2], ARGV[3])
return 1
"""
)

# The end of handling a message: mark it done for the stage, append the closing event.
# KEYS: claim, timeline, channel  ARGV: ttl, event-json
LEAVE = """
redis.call('SET', KEYS[1], 'done', 'EX', ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('PUBLISH', KEYS[3], '{"event":' .. ARGV[2] .. '}')
return 1
"""

# KEYS: timeline, channel  ARGV: ttl, event-json
RECORD = """
redis.call('RPUSH', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('PUBLISH', KEYS[2], '{"event":' .. ARGV[2] .. '}')
return 1
"""
