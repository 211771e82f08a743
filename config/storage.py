"""The local folder's storage, writing each file whole or not at all."""

import os
import secrets
from contextlib import suppress

from django.core.files.storage import FileSystemStorage


class AtomicFileSystemStorage(FileSystemStorage):
    """Django's FileSystemStorage writes a file in place: a worker killed while writing
    a PDF (or a web process while storing an upload) would leave half a file under the
    name that `exists()` then finds. Here the bytes go to a hidden partial file beside
    it, and the name is linked to them only once they are all written."""

    def _save(self, name, content):
        directory, basename = os.path.split(name)
        partial = os.path.join(directory, f".partial-{secrets.token_hex(8)}-{basename}")
        try:
            partial = super()._save(partial, content)
        except BaseException:
            # Failed while writing: the half-written bytes go. (A process killed here
            # leaves them, under the hidden partial name that nothing reads.)
            with suppress(FileNotFoundError):
                os.remove(self.path(partial))
            raise
        partial_path = self.path(partial)
        try:
            while True:
                try:
                    if self._allow_overwrite:
                        os.replace(partial_path, self.path(name))
                    else:
                        # A hard link refuses an existing name, as the O_EXCL open does.
                        os.link(partial_path, self.path(name))
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
        finally:
            if os.path.exists(partial_path):
                os.remove(partial_path)
        return str(name).replace("\\", "/")
