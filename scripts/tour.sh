#!/bin/sh
# `make run`: an embedded SQLite installation with salon demo data, and a short tour of what
# privault does. Safe to run again: init is idempotent and demo data is added only once.
set -eu
P=.venv/bin/privault
PY=.venv/bin/python
json() { $PY -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }

step "1. Set up a salon installation in ${PRIVAULT_HOME} (key file, data and keystore databases)"
$P init --industry salon

step "2. Realistic demo customers (Faker zh_CN), consents spread as a real salon has them"
$P demo --customers 300 --seed 2026 --if-empty

step "3. Register a customer at the front desk: notice shown, purposes agreed one by one"
ID=$($P customers find --mobile 13800138000 --json | json 'd[0]["id"] if d else ""')
if [ -z "$ID" ]; then
  ID=$($P customers add --channel store --notice 2026.1 \
        --consent service --consent membership --consent sensitive_care \
        --evidence "纸质同意书 2026-11 第12号" \
        name=林晓雯 mobile="+86 138-0013-8000" birth_date=1992-04-18 hair_type=受损发质 \
        allergies="对染发剂中的对苯二胺过敏" member_no=VIP-0001 --json | json 'd["id"]')
fi
echo "customer id: $ID"

step "4. Minimum collection: a field no agreed purpose justifies is refused (and nothing changes)"
$P customers add --channel store --notice 2026.1 --consent service \
  name=王五 email=wangwu@example.com || true

step "5. Find by the last four digits of the mobile: masked by default"
$P customers find --mobile-tail 8000

step "6. Reveal one value, for a stated purpose (audited)"
$P customers reveal "$ID" mobile --purpose "电话确认明天下午的预约"

step "7. The consent ledger, then the customer withdraws sensitive_care: allergies are deleted"
$P consents list "$ID"
$P consents withdraw "$ID" sensitive_care || true
$P customers show "$ID"

step "8. The audit trail of this customer: who, what, why; field names, never values"
$P audit list --customer "$ID" --limit 10

printf '\nEverything lives in %s. Try: %s --help\n' "${PRIVAULT_HOME}" "$P"
