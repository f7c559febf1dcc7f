"""The matching API: ranked items with score and reasons, 404 for foreign ids."""

from quartier.core.models import Role


def test_participant_vacancy_matches(mw, api_as):
    client = api_as(mw.coach)
    response = client.get(f"/api/v1/participants/{mw.case.participant_id}/vacancy-matches")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 3
    first = body["items"][0]
    assert first["vacancy"] == mw.near.pk
    assert float(first["score"]) == sum(float(r["points"]) for r in first["reasons"])
    reasons = {r["factor"]: r for r in first["reasons"]}
    assert reasons["skills"]["reason"] == "1 of 2 essential skills"
    assert reasons["skills"]["max_points"] == 25
    unknown = next(i for i in body["items"] if i["vacancy"] == mw.unknown.pk)
    distance = next(r for r in unknown["reasons"] if r["factor"] == "distance")
    assert (distance["reason"], float(distance["points"])) == ("distance unknown", 0)


def test_vacancy_participant_matches(mw, api_as):
    client = api_as(mw.coach)
    response = client.get(f"/api/v1/vacancies/{mw.near.pk}/participant-matches")
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert [i["case"] for i in items] == [mw.case.pk]
    assert items[0]["reasons"]


def test_foreign_ids_are_404(mw, api_as):
    client = api_as(mw.coach)
    assert client.get(f"/api/v1/vacancies/{mw.foreign.pk}/participant-matches").status_code == 404
    path = f"/api/v1/participants/{mw.partner_case.participant_id}/vacancy-matches"
    assert client.get(path).status_code == 404
    assert client.get("/api/v1/participants/999999/vacancy-matches").status_code == 404


def test_employer_liaison_sees_the_vacancy_but_no_people(mw, world, api_as):
    liaison = world.member(Role.EMPLOYER_LIAISON)
    client = api_as(liaison)
    assert client.get(f"/api/v1/vacancies/{mw.near.pk}/participant-matches").status_code == 403
    path = f"/api/v1/participants/{mw.case.participant_id}/vacancy-matches"
    assert client.get(path).status_code == 404


def test_operation_ids_are_explicit(client):
    schema = client.get("/api/v1/openapi.json").json()
    ids = {
        operation["operationId"]
        for path, operations in schema["paths"].items()
        if "matches" in path
        for operation in operations.values()
    }
    assert ids == {
        "quartier_matching_api_participant_vacancy_matches",
        "quartier_matching_api_vacancy_participant_matches",
    }


def test_limit_and_offset(mw, api_as):
    client = api_as(mw.coach)
    path = f"/api/v1/participants/{mw.case.participant_id}/vacancy-matches"
    everything = [i["vacancy"] for i in client.get(path).json()["items"]]
    window = client.get(path, {"limit": 1, "offset": 1}).json()
    assert window["count"] == 3
    assert [i["vacancy"] for i in window["items"]] == everything[1:2]
    assert client.get(path, {"limit": 0}).status_code == 422
