#!/usr/bin/env bash
# A production install starts: the repository's tracked files copied to a temporary directory, installed without dev
# dependencies (no msw, no vitest), then `--help`, `migrate` and `serve` with a production environment; `/health` must
# answer. Run by .ci/run; by hand: scripts/production-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d "${TMPDIR:-/tmp}/relance-prod-smoke.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# what a release would ship: the tracked files as they are in the working tree, or at a commit (RELANCE_SMOKE_REF=HEAD)
mkdir -p "$work/app"
if [ -n "${RELANCE_SMOKE_REF:-}" ]; then
  git archive "$RELANCE_SMOKE_REF" | tar -x -C "$work/app"
else
  git ls-files -z | while IFS= read -r -d '' f; do
    [ -e "$f" ] || continue
    mkdir -p "$work/app/$(dirname "$f")"
    cp -p "$f" "$work/app/$f"
  done
fi
cd "$work/app"
npm ci --omit=dev --no-audit --no-fund >"$work/npm.log" 2>&1 || { cat "$work/npm.log"; echo "production-smoke: npm ci --omit=dev failed"; exit 1; }
if [ -d node_modules/msw ] || [ -d node_modules/vitest ]; then echo "production-smoke: dev dependencies were installed"; exit 1; fi

port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
export DATA_DIR="$work/data" HOST=127.0.0.1 PORT="$port" PUBLIC_URL="http://127.0.0.1:$port" LOG_LEVEL=warn
export RELANCE_SECRET_KEY="$(node -e "console.log(require('crypto').randomBytes(32).toString('base64'))")"
export XERO_CLIENT_ID=smoke-client XERO_CLIENT_SECRET=smoke-secret XERO_WEBHOOK_KEY=smoke-webhook-key
export QUICKBOOKS_CLIENT_ID=smoke-qb-client QUICKBOOKS_CLIENT_SECRET=smoke-qb-secret QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN=smoke-qb-verifier
unset REDIS_URL DATABASE_URL

bin/relance --help >/dev/null
bin/relance migrate
bin/relance serve >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do
  if node -e "fetch('http://127.0.0.1:$port/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then
    node -e "fetch('http://127.0.0.1:$port/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" \
      || { cat "$work/serve.log"; echo "production-smoke: /health/ready is not 200"; exit 1; }
    # every registered ledger with its variables set is on, and its webhook endpoint refuses an unsigned delivery
    for ledger in xero quickbooks; do
      code="$(node -e "fetch('http://127.0.0.1:$port/webhooks/$ledger',{method:'POST',body:'{}'}).then(r=>console.log(r.status),()=>console.log(0))")"
      [ "$code" = 401 ] || { cat "$work/serve.log"; echo "production-smoke: POST /webhooks/$ledger unsigned answered $code, expected 401"; exit 1; }
    done
    echo "production-smoke: ok (npm ci --omit=dev, --help, migrate, serve answering /health and /health/ready, both ledgers' webhooks on)"
    exit 0
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/serve.log"; echo "production-smoke: serve exited"; exit 1; fi
  sleep 1
done
cat "$work/serve.log"
echo "production-smoke: /health did not answer within 60 s"
exit 1
