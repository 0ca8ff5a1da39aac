# Shared by `make run` (scripts/start.sh) and `make tour` (scripts/tour.sh): the demo's accounts
# and the shop they run.
#
# Demo only: the accounts' passwords and TOTP secrets are kept in $PRIVAULT_HOME/demo-accounts
# (mode 0600) so that the scripts can sign them in. In a real shop each person reads their own
# enrolment code on their phone and chooses their own password; here the scripts play every
# person, reading the codes from the development SMS outbox.
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

open_shop() { # the salon, its owner (privacy officer, admin, store manager) and demo customers
  step "Set up a salon installation in ${PRIVAULT_HOME}, with its first account"
  NEW=$($P init --industry salon --officer owner --json \
    --business-name "三丰美发工作室" --address "广东省深圳市南山区科技园路1号" \
    --phone 0755-86013388 --email privacy@sanfeng.example.cn \
    --officer-name 王店长 --officer-contact 13900001111)
  echo "$NEW" | json '"installation " + ("created" if d["is_new"] else "already set up")'
  if [ "$(echo "$NEW" | json 'd["is_new"]')" = "True" ]; then
    (umask 077; : >"$ACCOUNTS")
    keep owner "$(echo "$NEW" | json 'json.dumps(d["officer"])')"
    login owner
    step "The owner runs the shop too: store manager besides privacy officer and admin"
    $P staff set-roles owner --role privacy_officer --role admin --role store_manager
    $P staff train owner --course "个人信息保护法与门店客户信息管理"
    $P staff sign-agreement owner
    step "The officer reviews the preset's impact assessments and approves them (PIPL Art. 55)"
    for id in $($P assessments list --json | json '" ".join(a["id"] for a in d if a["status"] == "draft")'); do
      count=$($P assessments show "$id" --json | json 'len(d["questions"])')
      answers=""  # every question answered in one edit (the demo's placeholder answer)
      for i in $(seq 1 "$count"); do
        answers="$answers --answer=$i=已评估：见本店个人信息保护制度"
      done
      # shellcheck disable=SC2086
      $P assessments edit "$id" $answers >/dev/null
      $P assessments approve "$id" >/dev/null
    done
    $P assessments list
  else
    login owner
  fi
  step "Realistic demo customers (Faker zh_CN), consents spread as a real salon has them"
  $P demo --customers 300 --seed 2026 --if-empty
}

hire_staff() { # one account per job, each enrolled through a code sent to their own phone
  if grep -q '^desk.li ' "$ACCOUNTS"; then
    return 0
  fi
  $P settings show  # the shop's identity the privacy notice names (change: privault settings set)
  step "Staff for each job, each enrolled through a code sent to their own phone"
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
  step "A second privacy officer: the owner (boss.chen) countersigns, not whoever added it"
  $P staff add po.qian --role privacy_officer --mobile 13900000009
  login boss.chen
  $P staff countersign po.qian
  enrol po.qian 13900000009
  login owner
  $P staff train po.qian --course "个人信息保护法与门店客户信息管理" >/dev/null
  $P staff sign-agreement po.qian >/dev/null
  $P staff list
}

sign_ins() { # where the demo lives and how to sign in
  printf 'Everything lives in %s. Demo sign-ins (account, password, TOTP secret or -):\n' "${PRIVAULT_HOME}"
  cat "$ACCOUNTS"
  printf 'A TOTP code for a secret: %s -c "import pyotp,sys; print(pyotp.TOTP(sys.argv[1]).now())" SECRET\n' "$PY"
}
