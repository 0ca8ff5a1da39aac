#!/bin/sh
# `make tour`: what privault does, step by step, on the demo salon of `make run` (set up here too
# when it does not exist yet). It can run while `make run` serves the console: open the pages it
# names as it goes. Safe to run again.
set -eu
. scripts/demo_lib.sh

step "1. The salon: its owner and demo customers (the same as make run)"
open_shop
step "2. Staff for each job (once)"
hire_staff

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

step "5. The front desk finds by the last four digits of the mobile: masked by default"
login desk.li
$P customers find --mobile-tail 8000
step "6. It reveals the mobile for a purpose of the catalog (audited); free text is no purpose, and the allergies stay hidden from it"
$P customers reveal "$ID" mobile --purpose service --note "电话确认明天下午的预约"
$P customers reveal "$ID" mobile --purpose "好奇" || true
$P customers reveal "$ID" allergies --purpose sensitive_care || true

step "7. The desk books her for tonight with tech.wang; a technician sees today's bookings and no customer outside them: the booking is the purpose (console: /service-day, /today)"
TODAY=$(TZ=Asia/Shanghai date +%Y-%m-%d)  # the shop's calendar
if ! $P bookings list --date "$TODAY" --by technician --json | grep -q '"tech.wang"'; then
  $P bookings add --date "$TODAY" --starts 20:00 --ends 21:00 --technician tech.wang \
    --customer "$ID" --service 染发 --source phone --json | json '"booked " + d["id"] + " as " + d["salutation"]'
fi
login tech.wang
$P whoami
$P bookings today || true
$P customers show "$ID" || true
$P customers reveal "$ID" allergies --purpose sensitive_care --note "今天染发前核对过敏" || true

step "8. Marketing sees no individual records"
login mkt.zhou
$P customers find --mobile-tail 8000 || true

step "9. Names and mobiles in clear leave only with a second person's approval, whatever the size"
login owner
EXPORT=$($P exports request --field name --field mobile --purpose service --note "年终回访名单" --json)
EXPORT_ID=$(echo "$EXPORT" | json 'd["id"]')
echo "export $EXPORT_ID: $(echo "$EXPORT" | json 'd["status"]')"
$P exports approve "$EXPORT_ID" || true
login po.qian
$P exports approve "$EXPORT_ID" --note "回访名单，已核对用途"

step "10. The privacy officer's alerts, and the audit trail of this customer"
$P alerts list
$P audit list --customer "$ID" --limit 10

step "11. The consent ledger, then the customer withdraws sensitive_care: allergies are deleted"
$P consents list "$ID"
$P consents withdraw "$ID" sensitive_care || true
$P customers show "$ID"

step "12. The customer asks for a copy of her data at the counter; the desk checks her ID"
login desk.li
COPY=$($P requests open --customer "$ID" --type copy --channel store --json | json 'd["id"]')
$P requests verify "$COPY" --method in_person --note "核对了身份证原件，本人到店"
step "13. The privacy officer answers: every field, consent history, purposes, in zh and en"
login po.qian
$P requests fulfil "$COPY"
$P requests show "$COPY"

step "14. A customer phones to be deleted: a one-time code to the mobile on file proves it's her"
login owner
GONE=$($P customers find --mobile 13900139000 --json | json 'd[0]["id"] if d else ""')
if [ -z "$GONE" ]; then
  GONE=$($P customers add --channel store --notice 2026.1 --consent service \
          name=赵六 mobile=13900139000 --json | json 'd["id"]')
fi
login po.qian
DEL=$($P requests open --customer "$GONE" --type deletion --channel phone --json | json 'd["id"]')
$P requests send-code "$DEL" --via sms
# Demo only: the development SMS outbox stands in for the phone the customer reads the code on.
CODE=$($PY -c 'import json,re,sys; t=json.loads(open(sys.argv[1]).read().splitlines()[-1])["text"]; print(re.search(r"\d{6}", t).group())' "${PRIVAULT_HOME}/outbox/sms.jsonl")
$P requests verify "$DEL" --method code --code "$CODE"
$P requests fulfil "$DEL"
$P customers show "$GONE" || true
$P requests list

step "15. Backups: encrypted, without keys; an erased customer stays erased after a restore"
login owner
$P backup
step "16. Retention: what the 3-year inactivity rule would remove today (dry run)"
$P retention run --dry-run

step "17. Jobs that run themselves: deadline alerts, retention report, reminders, purges"
$P jobs run
$P jobs list

step "18. The console: make run serves it (or is serving it) with these sign-ins"
sign_ins
