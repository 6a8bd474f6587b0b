"""The peers' library versions and BLAS, as one JSON line (missing libraries are named, not fatal)."""
import io
import json
import sys
from contextlib import redirect_stdout

def loaded_blas():
    """The BLAS libraries this process loaded (Debian's numpy links the generic libblas.so.3, which the
    alternatives system points at OpenBLAS), with OpenBLAS's own build string when it is one."""
    import ctypes
    import os

    paths = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if ("blas" in path or "lapack" in path) and path not in paths:
                paths.append(path)
    found = {"libraries": sorted({os.path.realpath(path) for path in paths})}
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            found["openblas"] = lib.openblas_get_config().decode()
            found["openblasCore"] = lib.openblas_get_corename().decode()
            break
        except Exception:
            pass
    return found


info = {"python": sys.version.split()[0]}
try:
    import numpy as np

    info["numpy"] = np.__version__
    text = io.StringIO()
    with redirect_stdout(text):
        np.show_config()
    config = text.getvalue()
    info["numpyBlas"] = loaded_blas()
    try:
        from threadpoolctl import threadpool_info  # not required

        info["numpyThreadpools"] = threadpool_info()
    except Exception:
        pass
except Exception as error:
    info["numpyError"] = str(error)
try:
    import torch

    info["torch"] = torch.__version__
    info["torchBlasLoaded"] = loaded_blas()
    config = torch.__config__.show()
    info["torchBlas"] = " | ".join(
        line.strip() for line in config.splitlines() if "BLAS" in line or "LAPACK" in line or "CPU capability" in line
    )[:400]
    info["torchThreads"] = torch.get_num_threads()
except Exception as error:
    info["torchError"] = str(error)
print(json.dumps(info))
