# Expands an upstream's "server a,b,c <params>;" line of the rendered gateway config into one
# "server" line per address, so a *_UPSTREAM variable may list several replicas
# ("127.0.0.1:3102,127.0.0.1:3112"). Lines with a single address pass unchanged (Docker: one host
# name that resolves to every replica). Used by scripts/dev/start-distributed.sh and
# scripts/faults/run-faults.ts after envsubst.
/^[ \t]*server[ \t]+[^ \t;]+,[^ \t;]*/ {
  match($0, /^[ \t]*/); indent = substr($0, 1, RLENGTH)
  rest = $0; sub(/^[ \t]*server[ \t]+/, "", rest)
  addrs = rest; sub(/[ \t;].*$/, "", addrs)
  params = substr(rest, length(addrs) + 1)
  n = split(addrs, list, ",")
  for (i = 1; i <= n; i++) if (list[i] != "") print indent "server " list[i] params
  next
}
{ print }
