#!/bin/sh
# `make run`: an embedded SQLite installation with salon demo data and staff, and a short tour
# of what privault does. Safe to run again: init is idempotent and demo data is added once.
#
# Demo only: the accounts' passwords and TOTP secrets are kept in $PRIVAULT_HOME/demo-accounts
# (mode 0600) so that the tour can sign them in. In a real shop each person reads their own
# enrolment code on their phone and chooses their own password; here the tour plays every person,
# reading the codes from the development SMS outbox.
set -eu
P=.venv/bin/privault
PY=.venv/bin/python
ACCOUNTS="${PRIVAULT_HOME}/demo-accounts"
json() { $PY -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
TOTP='
import pathlib, sys, time, pyotp
secret, mark = sys.argv[1], pathlib.Path(sys.argv[2])
last = int(mark.read_text()) if mark.exists() else -1
while int(time.time() // 30) <= last:
    time.sleep(1)
step = int(time.time() // 30)
mark.write_text(str(step))
print(pyotp.TOTP(secret).at(step * 30))'
step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }
keep() { # keep NAME JSON-CREDENTIALS: remember a new account for the tour
  echo "$2" | json "d['name'] + ' ' + d['password'] + ' ' + (d['totp_secret'] or '-')" >>"$ACCOUNTS"
}
CODE='
import json, pathlib, re, sys
lines = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
texts = [json.loads(l)["text"] for l in lines if json.loads(l)["to"] == sys.argv[2]]
print(re.search(r"\b([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})\b", texts[-1]).group(1))'
enrol() { # enrol NAME MOBILE: the person reads the code on their phone and chooses a password
  code=$($PY -c "$CODE" "${PRIVAULT_HOME}/outbox/sms.jsonl" "$2")
  pass="salon-tour-passphrase-${2#139}"  # no spaces (the accounts file splits on them), nor the name
  made=$(printf '%s\n%s\n' "$code" "$pass" | $P staff enrol "$1" --stdin --json)
  secret=$(echo "$made" | json "d['totp_secret'] or '-'")
  if [ "$secret" != "-" ]; then
    now=$($PY -c "import pyotp, sys; print(pyotp.TOTP(sys.argv[1]).now())" "$secret")
    echo "$pass" | $P staff enrol "$1" --totp "$now" --stdin >/dev/null
  fi
  echo "$1 $pass $secret" >>"$ACCOUNTS"
}
login() { # login NAME: sign in with the remembered password and a fresh TOTP code
  line=$(grep "^$1 " "$ACCOUNTS")
  secret=$(echo "$line" | cut -d' ' -f3)
  code=""
  if [ "$secret" != "-" ]; then  # a code works once: wait for a fresh one if this one was used
    code="--totp $($PY -c "$TOTP" "$secret" "$ACCOUNTS.$1.step")"
  fi
  # shellcheck disable=SC2086
  echo "$line" | cut -d' ' -f2 | $P login "$1" --password-stdin $code
}

step "1. Set up a salon installation in ${PRIVAULT_HOME}, with its first account"
NEW=$($P init --industry salon --officer owner --json \
  --business-name "三丰美发工作室" --address "广东省深圳市南山区科技园路1号" \
  --phone 0755-86013388 --email privacy@sanfeng.example.cn \
  --officer-name 王店长 --officer-contact 13900001111)
echo "$NEW" | json '"installation " + ("created" if d["is_new"] else "already set up")'
if [ "$(echo "$NEW" | json 'd["is_new"]')" = "True" ]; then
  umask 077
  : >"$ACCOUNTS"
  keep owner "$(echo "$NEW" | json 'json.dumps(d["officer"])')"
  login owner
  step "2. The owner runs the shop too: store manager besides privacy officer and admin"
  $P staff set-roles owner --role privacy_officer --role admin --role store_manager
  $P staff train owner --course "个人信息保护法与门店客户信息管理"
  $P staff sign-agreement owner
  $P settings show  # the shop's identity the privacy notice names (change: privault settings set)
  step "2b. The officer reviews the preset's impact assessments and approves them (PIPL Art. 55)"
  for id in $($P assessments list --json | json '" ".join(a["id"] for a in d if a["status"] == "draft")'); do
    count=$($P assessments show "$id" --json | json 'len(d["questions"])')
    for i in $(seq 1 "$count"); do
      $P assessments edit "$id" --answer="$i=已评估：见本店个人信息保护制度" >/dev/null
    done
    $P assessments approve "$id" >/dev/null
  done
  $P assessments list
  step "3. Staff for each job, each enrolled through a code sent to their own phone"
  n=0
  for spec in "desk.li front_desk" "tech.wang service_staff" "mkt.zhou marketing" \
              "audit.sun auditor" "boss.chen owner"; do
    name=${spec% *}; role=${spec#* }; n=$((n + 1))
    $P staff add "$name" --role "$role" --mobile "1390000000$n"
    enrol "$name" "1390000000$n"
    if [ "$name" != "tech.wang" ]; then  # tech.wang is new: not trained yet
      $P staff train "$name" --course "个人信息保护法与门店客户信息管理" >/dev/null
      $P staff sign-agreement "$name" >/dev/null
    fi
  done
  step "3b. A second privacy officer: the owner (boss.chen) countersigns, not whoever added it"
  $P staff add po.qian --role privacy_officer --mobile 13900000009
  login boss.chen
  $P staff countersign po.qian
  enrol po.qian 13900000009
  login owner
  $P staff train po.qian --course "个人信息保护法与门店客户信息管理" >/dev/null
  $P staff sign-agreement po.qian >/dev/null
  $P staff list
else
  login owner
fi

step "4. Realistic demo customers (Faker zh_CN), consents spread as a real salon has them"
$P demo --customers 300 --seed 2026 --if-empty

step "5. Register a customer at the front desk: notice shown, purposes agreed one by one"
ID=$($P customers find --mobile 13800138000 --json | json 'd[0]["id"] if d else ""')
if [ -z "$ID" ]; then
  ID=$($P customers add --channel store --notice 2026.1 \
        --consent service --consent membership --consent sensitive_care \
        --evidence "纸质同意书 2026-11 第12号" \
        name=林晓雯 mobile="+86 138-0013-8000" birth_date=1992-04-18 hair_type=受损发质 \
        allergies="对染发剂中的对苯二胺过敏" member_no=VIP-0001 --json | json 'd["id"]')
fi
echo "customer id: $ID"

step "6. Minimum collection: a field no agreed purpose justifies is refused (and nothing changes)"
$P customers add --channel store --notice 2026.1 --consent service \
  name=王五 email=wangwu@example.com || true

step "7. The front desk finds by the last four digits of the mobile: masked by default"
login desk.li
$P customers find --mobile-tail 8000
step "8. It reveals the mobile for a purpose of the catalog (audited); free text is no purpose, and the allergies stay hidden from it"
$P customers reveal "$ID" mobile --purpose service --note "电话确认明天下午的预约"
$P customers reveal "$ID" mobile --purpose "好奇" || true
$P customers reveal "$ID" allergies --purpose sensitive_care || true

step "9. The desk books her for tonight with tech.wang; a technician sees today's bookings and no customer outside them: the booking is the purpose (console: /service-day, /today)"
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

step "10. Marketing sees no individual records"
login mkt.zhou
$P customers find --mobile-tail 8000 || true

step "11. Names and mobiles in clear leave only with a second person's approval, whatever the size"
login owner
EXPORT=$($P exports request --field name --field mobile --purpose service --note "年终回访名单" --json)
EXPORT_ID=$(echo "$EXPORT" | json 'd["id"]')
echo "export $EXPORT_ID: $(echo "$EXPORT" | json 'd["status"]')"
$P exports approve "$EXPORT_ID" || true
login po.qian
$P exports approve "$EXPORT_ID" --note "回访名单，已核对用途"

step "12. The privacy officer's alerts, and the audit trail of this customer"
$P alerts list
$P audit list --customer "$ID" --limit 10

step "13. The consent ledger, then the customer withdraws sensitive_care: allergies are deleted"
$P consents list "$ID"
$P consents withdraw "$ID" sensitive_care || true
$P customers show "$ID"

step "14. The customer asks for a copy of her data at the counter; the desk checks her ID"
login desk.li
COPY=$($P requests open --customer "$ID" --type copy --channel store --json | json 'd["id"]')
$P requests verify "$COPY" --method in_person --note "核对了身份证原件，本人到店"
step "15. The privacy officer answers: every field, consent history, purposes, in zh and en"
login po.qian
$P requests fulfil "$COPY"
$P requests show "$COPY"

step "16. A customer phones to be deleted: a one-time code to the mobile on file proves it's her"
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

step "17. Backups: encrypted, without keys; an erased customer stays erased after a restore"
login owner
$P backup
step "18. Retention: what the 3-year inactivity rule would remove today (dry run)"
$P retention run --dry-run

step "19. Jobs that run themselves: deadline alerts, retention report, reminders, purges"
$P jobs run
$P jobs list

step "20. The console, the customer portal and the REST API (the server runs the jobs too)"
printf 'Everything lives in %s. Demo sign-ins (account, password, TOTP secret or -):\n' "${PRIVAULT_HOME}"
cat "$ACCOUNTS"
printf 'A TOTP code for a secret: %s -c "import pyotp,sys; print(pyotp.TOTP(sys.argv[1]).now())" SECRET\n' "$PY"
PORT="${PRIVAULT_PORT:-8000}"
printf 'Console http://127.0.0.1:%s  portal /portal  API docs /docs\n' "$PORT"
printf 'Ctrl-C stops the server; `%s --help` shows every command.\n' "$P"
exec $P serve --host 127.0.0.1 --port "$PORT"
