"""Two users in two organisations with data, for bench/schemathesis.sh.

Registers alice and bob on the running service (their confirmation emails are read from the
file mailer's .eml files), confirms and logs them in, gives each an organisation with a public
published collaboration, a draft collaboration and a draft experience, and writes the Web
Fuzzing Commons auth document schemathesis reads. Then checks object-level authorisation by
hand: bob must get 404 for everything of alice's that is not published, and the reverse.
"""

import email
import email.policy
import glob
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request

BASE = sys.argv[1]
MAIL_DIR = sys.argv[2]
AUTH_FILE = sys.argv[3]
PASSWORD = "grøn cykel ved åen 2024"


def call(method, path, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req) as r:
            text = r.read().decode()
            return r.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as e:
        text = e.read().decode()
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, text


def expect(status, wanted, what, body):
    if status != wanted:
        sys.exit(f"{what}: {status} (wanted {wanted}): {body}")


def verification_token(address):
    for _ in range(100):
        for path in sorted(glob.glob(os.path.join(MAIL_DIR, "*.eml"))):
            with open(path, "rb") as f:
                msg = email.message_from_binary_file(f, policy=email.policy.default)
            if address not in str(msg["To"]):
                continue
            text = msg.get_body(preferencelist=("plain",)).get_content()
            found = re.search(r"verify-email\?token=([A-Za-z0-9_\-]+)", text)
            if found:
                return found.group(1)
        time.sleep(0.2)
    sys.exit(f"no confirmation email for {address} in {MAIL_DIR}")


def user(name, address, org_kind, municipality):
    status, body = call("POST", "/api/v1/auth/register",
                        body={"email": address, "password": PASSWORD, "name": name})
    expect(status, 202, "register " + name, body)
    status, body = call("POST", "/api/v1/auth/verify-email",
                        body={"token": verification_token(address)})
    expect(status, 200, "verify " + name, body)
    status, body = call("POST", "/api/v1/auth/login",
                        body={"email": address, "password": PASSWORD})
    expect(status, 200, "login " + name, body)
    token = body["access_token"]
    status, org = call("POST", "/api/v1/organizations", token,
                       {"name": f"{name}s organisation", "kind": org_kind,
                        "municipality_code": municipality})
    expect(status, 201, "organisation " + name, org)
    made = {"token": token, "org": org["id"]}
    for state in ("published", "draft"):
        status, collab = call("POST", f"/api/v1/organizations/{org['id']}/collaborations", token, {
            "title": f"{name}s {state} samarbejde", "summary": "Til schemathesis.",
            "municipality_code": municipality, "town": "Næstved",
            "organisation_model": "formal_private", "themes": ["2"], "visibility": "public",
        })
        expect(status, 201, "collaboration " + name, collab)
        if state == "published":
            status, body = call("POST", f"/api/v1/collaborations/{collab['id']}/publish", token)
            expect(status, 200, "publish " + name, body)
        made[state] = collab["id"]
    status, experience = call("POST", f"/api/v1/collaborations/{made['published']}/experiences",
                              token, {"title": f"{name}s erfaring", "body": "Et udkast."})
    expect(status, 201, "experience " + name, experience)
    made["experience"] = experience["id"]
    return made


def main():
    alice = user("Alice", "alice@naestved.dk", "municipality", "370")
    bob = user("Bob", "bob@odense.dk", "town_partnership", "461")
    with open(AUTH_FILE, "w") as f:
        json.dump({"auth": [
            {"name": "alice", "fixedHeaders": [
                {"name": "Authorization", "value": "Bearer " + alice["token"]}]},
            {"name": "bob", "fixedHeaders": [
                {"name": "Authorization", "value": "Bearer " + bob["token"]}]},
        ]}, f)

    leaks = 0
    for owner, other, name in ((alice, bob, "bob"), (bob, alice, "alice")):
        private = [
            ("GET", f"/api/v1/collaborations/{owner['draft']}"),
            ("GET", f"/api/v1/collaborations/{owner['draft']}/history"),
            ("GET", f"/api/v1/collaborations/{owner['draft']}/experiences"),
            ("GET", f"/api/v1/experiences/{owner['experience']}"),
            ("GET", f"/api/v1/organizations/{owner['org']}/members"),
            ("GET", f"/api/v1/organizations/{owner['org']}/invitations"),
            ("PATCH", f"/api/v1/collaborations/{owner['published']}"),
            ("POST", f"/api/v1/collaborations/{owner['published']}/unpublish"),
            ("DELETE", f"/api/v1/collaborations/{owner['published']}"),
            ("PATCH", f"/api/v1/experiences/{owner['experience']}"),
            ("POST", f"/api/v1/experiences/{owner['experience']}/publish"),
            ("POST", f"/api/v1/organizations/{owner['org']}/collaborations"),
            ("POST", f"/api/v1/organizations/{owner['org']}/invitations"),
        ]
        for method, path in private:
            body = {"title": "overtaget"} if method == "PATCH" else (
                {"email": "x@example.dk", "role": "owner"} if path.endswith("invitations") else
                ({"title": "x", "summary": "x", "municipality_code": "370", "town": "x",
                  "organisation_model": "formal_private", "themes": ["2"],
                  "visibility": "public"} if path.endswith("collaborations") else None))
            status, answer = call(method, path, other["token"], body)
            verdict = "ok  " if status in (403, 404) else ("LEAK" if status < 300 else "ODD ")
            leaks += verdict != "ok  "
            print(f"{verdict} {name}: {method} {path} -> {status}")
        # What is published stays readable to the other user.
        status, _ = call("GET", f"/api/v1/collaborations/{owner['published']}", other["token"])
        expect(status, 200, "a published collaboration is public", status)
    print(f"object-level authorisation by hand: {leaks} answers other than 403/404")
    sys.exit(1 if leaks else 0)


main()
