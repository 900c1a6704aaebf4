"""Keys and browser tokens on their own (service/access.py); over HTTP in tests/api/test_api_access.py."""
from __future__ import annotations

import pytest

from service.access import Access, ClientKeys, server_secret
from service.errors import ApiError


@pytest.fixture
def keys_file(tmp_path):
    path = tmp_path / "keys.txt"
    path.write_text("# comment\nclient-one\n  client-two  \n\n", encoding="utf-8")
    return path


def access(keys: ClientKeys, admin: str | None = "admin-secret") -> Access:
    return Access(admin, keys, b"signing-secret")


def test_roles_and_owners_from_keys(keys_file):
    checker = access(ClientKeys(keys_file))
    assert checker.identify("Bearer admin-secret", None).role == "admin"
    one, two = checker.identify("Bearer client-one", None), checker.identify("Bearer client-two", None)
    assert (one.role, two.role) == ("client", "client")
    assert one.owner != two.owner and "client-one" not in one.owner   # a digest, not the key
    for header, code in (("Bearer # comment", "invalid_key"), ("Bearer ", "unauthorized"),
                         ("Token client-one", "unauthorized"), ("Bearer client-three", "invalid_key")):
        with pytest.raises(ApiError) as raised:
            checker.identify(header, None)
        assert (raised.value.status, raised.value.code) == (401, code)


def test_without_a_keys_file_a_bare_call_is_allowed_and_owns_nothing():
    assert access(ClientKeys(None)).identify(None, None).owner is None


def test_with_a_keys_file_a_bare_call_is_401(keys_file):
    with pytest.raises(ApiError) as raised:
        access(ClientKeys(keys_file)).identify(None, None)
    assert raised.value.code == "missing_key"


def test_only_tokens_this_server_signed_are_browser_tokens(keys_file):
    checker = access(ClientKeys(keys_file))
    token = checker.new_browser_token()
    caller = checker.identify(None, token)
    assert caller.role == "browser" and caller.owner == checker.identify(None, token).owner
    assert checker.identify(None, checker.new_browser_token()).owner != caller.owner
    other_server = Access("admin-secret", ClientKeys(keys_file), b"another-secret")
    for forged in (token + "0", token.split(".")[0] + ".0000", "plain", ""):
        assert checker.browser_owner(forged) is None
    assert other_server.browser_owner(token) is None


def test_the_keys_file_is_read_again_when_it_changes_and_a_vanished_file_admits_nobody(keys_file):
    keys = ClientKeys(keys_file)
    assert "client-one" in keys
    keys_file.write_text("client-three\n", encoding="utf-8")
    assert "client-three" in keys and "client-one" not in keys
    keys_file.unlink()
    assert "client-three" not in keys and keys.required


def test_the_signing_secret_is_made_once_and_kept(tmp_path):
    first = server_secret(tmp_path / "data", None)
    assert server_secret(tmp_path / "data", None) == first and len(first) >= 32
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o077 == 0
    assert server_secret(tmp_path / "data", "configured") == b"configured"


def test_workers_starting_together_read_one_complete_secret(tmp_path):
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(8) as pool:
        secrets_read = list(pool.map(lambda _: server_secret(tmp_path / "data", None), range(32)))
    assert len(set(secrets_read)) == 1 and len(secrets_read[0]) == 64
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret_key"]   # no draft left behind
