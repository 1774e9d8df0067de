"""Lua for the Redis store: every transition is one atomic compare-and-set."""

# KEYS[1]=job hash  ARGV: stage, rank, progress, now, channel
ADVANCE = """
local st = redis.call('HGET', KEYS[1], 'status')
if not st or st == 'completed' or st == 'failed' or st == 'cancelled' then return 0 end
if tonumber(ARGV[2]) < tonumber(redis.call('HGET', KEYS[1], 'rank') or '0') then return 0 end
local p = math.max(tonumber(redis.call('HGET', KEYS[1], 'progress') or '0'), tonumber(ARGV[3]))
redis.call('HSET', KEYS[1], 'stage', ARGV[1], 'rank', ARGV[2], 'status', 'running',
           'progress', tostring(p), 'updated_at', ARGV[4])
return 1
"""

# KEYS[1]=job hash  ARGV: progress, now
PROGRESS = """
local st = redis.call('HGET', KEYS[1], 'status')
if not st or st == 'completed' or st == 'failed' or st == 'cancelled' then return 0 end
if tonumber(ARGV[1]) <= tonumber(redis.call('HGET', KEYS[1], 'progress') or '0') then return 0 end
redis.call('HSET', KEYS[1], 'progress', ARGV[1], 'updated_at', ARGV[2])
return 1
"""

# KEYS[1]=job hash, KEYS[2]=status index prefix  ARGV: status, error, outputs-json, now
FINISH = """
local st = redis.call('HGET', KEYS[1], 'status')
if not st or st == 'completed' or st == 'failed' or st == 'cancelled' then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'error', ARGV[2], 'updated_at', ARGV[4])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'outputs', ARGV[3]) end
if ARGV[1] == 'completed' then redis.call('HSET', KEYS[1], 'progress', '100') end
return 1
"""

# KEYS[1]=parts hash, KEYS[2]=claim  ARGV: field, payload, expected, claimer, now, lease
JOIN = """
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
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

# KEYS[1]=claim  ARGV: token, lease-ms
CLAIM = """
local v = redis.call('GET', KEYS[1])
if v == 'done' then return 'done' end
if v and v ~= ARGV[1] then return 'busy' end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 'ok'
"""

# KEYS[1]=claim  ARGV: token, lease-ms (0 = release)
REFRESH = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '0' then redis.call('DEL', KEYS[1]) else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
"""

# KEYS[1]=job hash  ARGV: now
REVIVE = """
if redis.call('HGET', KEYS[1], 'status') ~= 'failed' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'running', 'error', '', 'updated_at', ARGV[1])
return 1
"""
