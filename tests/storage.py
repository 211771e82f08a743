"""The suite's files on S3 (STORAGE_URL=s3://…, as production runs it on more than one
machine) or, without it, in a folder of each test's own.

With STORAGE_URL set, every test process gets a bucket of its own, made empty when the
run starts (`<bucket>-<worker>`), and every test a folder of its own in it: what one
test stores is never seen by another. `.ci/run` runs the tests marked `files` so,
against the moto server, with REQUIRE_S3=1 (tests/followup/test_files_on_s3.py)."""

import os
import uuid

from django.core.files.storage import default_storage


def configured() -> bool:
    return os.environ.get("STORAGE_URL", "").startswith("s3://")


def client(options: dict):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=options.get("endpoint_url"),
        region_name=options.get("region_name"),
        aws_access_key_id=options.get("access_key"),
        aws_secret_access_key=options.get("secret_key"),
    )


def fresh_bucket(options: dict, name: str) -> None:
    """Create the bucket `name`, emptied of what an earlier run left."""
    s3 = client(options)
    try:
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket=name)
        for page in pages:
            for item in page.get("Contents", []):
                s3.delete_object(Bucket=name, Key=item["Key"])
        s3.delete_bucket(Bucket=name)
    except s3.exceptions.NoSuchBucket:
        pass
    region = options.get("region_name")
    where = (
        {"CreateBucketConfiguration": {"LocationConstraint": region}}
        if (region and region != "us-east-1")
        else {}
    )
    s3.create_bucket(Bucket=name, **where)


def worker_bucket(options: dict) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"{options['bucket_name']}-{worker}"[:63]


def with_own_folder(storages: dict) -> dict:
    """STORAGES with the default storage in a new folder of its bucket."""
    default = storages["default"]
    options = {**default["OPTIONS"], "location": f"test-{uuid.uuid4().hex}"}
    return {**storages, "default": {**default, "OPTIONS": options}}


def stored_names(top: str = "") -> list[str]:
    """Every file under `top` in the default storage, by name, whichever the storage."""
    folders, files = default_storage.listdir(top)
    names = [f"{top}/{f}" if top else f for f in files]
    for folder in folders:
        names += stored_names(f"{top}/{folder}" if top else folder)
    return sorted(names)
