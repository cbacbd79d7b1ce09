"""S3-compatible object storage (AWS S3, MinIO, Ceph RGW, a city cloud's OSS gateway), for
production: the services' instances share it, where a folder would be one machine's."""

from __future__ import annotations

from typing import Any

from shared.blobstore.store import BlobMissing, checked_key


class S3BlobStore:
    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        client: Any = None,
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix
        if client is None:
            import boto3  # only where S3 is configured

            client = boto3.client(
                "s3",
                endpoint_url=endpoint_url,
                region_name=region,
                aws_access_key_id=access_key,
                aws_secret_access_key=secret_key,
            )
        self._client = client

    def _key(self, key: str) -> str:
        return f"{self.prefix}{checked_key(key)}"

    def put(self, key: str, data: bytes, media_type: str) -> None:
        self._client.put_object(
            Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=media_type
        )

    def get(self, key: str) -> bytes:
        try:
            response = self._client.get_object(Bucket=self.bucket, Key=self._key(key))
        except Exception as exc:  # botocore's ClientError, without importing botocore here
            code = getattr(exc, "response", {}).get("Error", {}).get("Code")
            if code in ("NoSuchKey", "404", "NotFound"):
                raise BlobMissing(key) from None
            raise
        body: bytes = response["Body"].read()
        return body

    def delete(self, key: str) -> None:
        self._client.delete_object(Bucket=self.bucket, Key=self._key(key))
