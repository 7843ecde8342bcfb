"""Evidence and exports on S3-compatible storage, over HTTP: moto's S3 server runs in this
process on a free port of 127.0.0.1 (as MinIO or a cloud's S3 would elsewhere), and the
app talks to it through django-storages with the settings' own S3 configuration
(config.settings.s3_storage, what DJANGO_MEDIA_STORAGE=s3 turns on).

Upload through the progress form, download through the access-checked view, backup and
restore (the files come back into the bucket), and a background export stored there.
"""

import io
import socket
import zipfile

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.uploads import PDF
from tracker.models import Evidence, ExportJob
from tracker.services.exports import export_run

boto3 = pytest.importorskip("boto3", reason="pip install '.[dev]' (django-storages[s3])")
moto_server = pytest.importorskip("moto.server", reason="pip install '.[dev]' (moto[server])")

pytestmark = pytest.mark.django_db(transaction=True)
BUCKET = "tracker-evidence"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3(settings, monkeypatch):
    """An S3 server over HTTP, a private bucket, and the app's default storage on it."""
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    env = {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )
    client.create_bucket(Bucket=BUCKET)
    from config.settings import s3_storage

    settings.STORAGES = {**settings.STORAGES, "default": s3_storage()}
    yield client
    server.stop()


def keys(client, prefix: str = "") -> list[str]:
    listing = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return sorted(entry["Key"] for entry in listing.get("Contents", []))


def upload(client, item):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("tracker:update-create", args=[item.pk]),
        {
            "reported_on": timezone.localdate().isoformat(),
            "text": "佐证材料在对象存储上",
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "0",
            "evidence-0-file": SimpleUploadedFile("会议纪要.pdf", PDF, "application/pdf"),
            "evidence-0-description": "材料",
        },
    )


def download(client, evidence) -> bytes:
    response = client.get(reverse("tracker:evidence-download", args=[evidence.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_evidence_goes_to_s3_comes_back_through_the_view_and_survives_a_restore(
    client, world, s3, tmp_path
):
    client.force_login(world["reporter"])
    assert upload(client, world["own"]).status_code == 302
    evidence = Evidence.objects.get()
    stored = keys(s3, "media/evidence/")
    assert stored == [f"media/{evidence.file.name}"]  # private object, under its own name
    acl = s3.get_object_acl(Bucket=BUCKET, Key=stored[0])
    assert all("AllUsers" not in str(grant["Grantee"]) for grant in acl["Grants"])
    assert s3.get_object(Bucket=BUCKET, Key=stored[0])["Body"].read() == PDF

    # Downloaded only through the view, under the item's access rules.
    client.force_login(world["coordinator"])
    assert download(client, evidence) == PDF
    for role in ["other_reporter", "coordinator_2"]:
        client.force_login(world[role])
        url = reverse("tracker:evidence-download", args=[evidence.pk])
        assert client.get(url).status_code == 404

    # Backup reads the object from S3; restore puts it back into an emptied bucket.
    target = tmp_path / "backup.zip"
    call_command("backup", str(target), stdout=io.StringIO())
    with zipfile.ZipFile(target) as archive:
        assert archive.read(f"media/{evidence.file.name}") == PDF
    call_command("flush", "--no-input", verbosity=0)
    s3.delete_object(Bucket=BUCKET, Key=stored[0])
    assert keys(s3) == []
    from django.contrib.auth.models import Group, Permission

    from tracker.roles import sync_roles

    sync_roles(Group, Permission)
    call_command("restore", str(target), stdout=io.StringIO())
    assert keys(s3, "media/evidence/") == stored
    restored = Evidence.objects.get()
    client.force_login(apps.get_model("auth.User").objects.get(username="dora"))
    assert download(client, restored) == PDF


def test_a_background_export_is_stored_in_s3_and_served_to_its_requester(client, world, s3):
    job = ExportJob.objects.create(kind="item_list", requested_by=world["coordinator"])
    job = export_run(job_id=job.pk)
    assert job.status == "done", job.error
    assert keys(s3, "media/exports/") == [f"media/{job.file.name}"]
    client.force_login(world["coordinator"])
    response = client.get(reverse("tracker:export-download", args=[job.pk]))
    content = b"".join(response.streaming_content)
    assert (
        content[:2] == b"PK"
        and content == s3.get_object(Bucket=BUCKET, Key=f"media/{job.file.name}")["Body"].read()
    )
    client.force_login(world["viewer"])
    assert client.get(reverse("tracker:export-download", args=[job.pk])).status_code == 404
