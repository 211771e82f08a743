from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the development key.",
                hint="Set SECRET_KEY in the environment of every production process.",
                id="miljomalslofte.E001",
            )
        ]
    if "CHANGE" in settings.SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the placeholder of deploy/production.env.example.",
                hint='Generate one: python -c "import secrets; print(secrets.token_urlsafe(50))"',
                id="miljomalslofte.E003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_login_throttling_behind_proxies(app_configs, **kwargs):
    if not settings.AXES_IPWARE_PROXY_COUNT:
        return [
            Warning(
                "AXES_IPWARE_PROXY_COUNT is 0: login throttling takes each client's address "
                "from REMOTE_ADDR.",
                hint=(
                    "Behind a load balancer or reverse proxy every client then has the "
                    "proxy's address: anyone, anywhere, can lock an account for everyone "
                    "with five wrong passwords. Set AXES_IPWARE_PROXY_COUNT in the "
                    "environment to the number of proxies in front of the portal that "
                    "append to X-Forwarded-For (1 behind one load balancer)."
                ),
                id="miljomalslofte.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    # Sign-in, invitation and password-reset links in e-mail are made from it.
    url = urlsplit(settings.SITE_URL)
    if url.scheme != "https" or url.hostname in {None, "localhost", "127.0.0.1", "::1"}:
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}.",
                hint=(
                    "The links in the portal's e-mails (sign-in links, invitations, "
                    "password resets) start with SITE_URL: set it in the environment to "
                    "the portal's public https address."
                ),
                id="miljomalslofte.W002",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                f"The cache is {backend.rsplit('.', 1)[-1]}: each process has its own.",
                hint=(
                    "Limits kept in the cache (how often a sign-in link may be asked for) "
                    "then count per process. With more than one web process, set CACHE_URL "
                    "to a shared cache, e.g. redis://host:6379/0."
                ),
                id="miljomalslofte.W003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_pdf_signing_certificates(app_configs, **kwargs):
    # A broken certificate would otherwise only show when a pledge is signed, as a
    # failed task: say so when the portal is deployed.
    from pledges.pdf import SealingError, load_signer

    errors = []
    for code, config in settings.PDF_SIGNING.items():
        try:
            signer = load_signer(config)
        except SealingError as error:
            errors.append(
                Error(
                    f"The certificate for county {code} cannot be used: {error}",
                    hint=(
                        "Check PDF_SIGNING_CERTIFICATES (a PKCS#12 file per county code) "
                        f"and PDF_SIGNING_PASSPHRASE_{code}."
                    ),
                    id="miljomalslofte.E002",
                )
            )
            continue
        if signer.signing_cert.public_key.algorithm != "rsa":
            errors.append(
                Warning(
                    f"The certificate for county {code} has a "
                    f"{signer.signing_cert.public_key.algorithm.upper()} key.",
                    hint=(
                        "pyHanko marks a PDF sealed with an elliptic-curve key as PDF 2.0, "
                        "which the signed PDFs' PDF/UA-1 does not allow. Use an RSA "
                        "certificate for the seal."
                    ),
                    id="miljomalslofte.W004",
                )
            )
    return errors


@register()
def check_backups_outside_the_files(app_configs, **kwargs):
    # `mediabackup` copies everything in the files' storage: backups kept inside
    # MEDIA_ROOT would be copied into every new backup, each larger than the last.
    storage = settings.STORAGES["dbbackup"]
    if storage["BACKEND"] != "django.core.files.storage.FileSystemStorage":
        return []
    backups = Path(storage["OPTIONS"]["location"]).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    if backups == media or media in backups.parents:
        return [
            Warning(
                f"BACKUP_DIR ({backups}) is inside MEDIA_ROOT ({media}).",
                hint="Give the backups a folder of their own, outside MEDIA_ROOT.",
                id="miljomalslofte.W020",
            )
        ]
    return []


E_BUCKET = "miljomalslofte.E006"


@register(Tags.files, deploy=True)
def check_file_bucket(app_configs, **kwargs):
    # A bucket that cannot be reached would otherwise show at the first upload, as a
    # 500 to an actor: say so when the portal is deployed.
    default = settings.STORAGES["default"]
    if default["BACKEND"] != "storages.backends.s3.S3Storage":
        return []
    hint = (
        "Check STORAGE_URL (s3://bucket), AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME and the "
        'key (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); pip install ".[s3]".'
    )
    try:
        from storages.backends.s3 import S3Storage
    except ImportError as error:
        return [Error(f"STORAGE_URL names a bucket, but {error}.", hint=hint, id=E_BUCKET)]
    storage = S3Storage(**default.get("OPTIONS", {}))
    try:
        storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
    except Exception as error:  # noqa: BLE001  (whatever boto3 says is the reason)
        return [
            Error(
                f"The bucket {storage.bucket_name} cannot be used: {error}",
                hint=hint,
                id=E_BUCKET,
            )
        ]
    return []
