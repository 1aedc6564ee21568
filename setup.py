"""Build the compiled kernels in ``minigrad/_ext``.

Metadata lives in pyproject.toml; this file only lists the extensions,
sets the Cython directives and finds the compiler's OpenMP flags.

Environment variables:
    MINIGRAD_DEBUG=1          turn bounds and wraparound checks back on
    MINIGRAD_REQUIRE_OPENMP=1 fail the build instead of building serially
    MINIGRAD_NATIVE=1         add -march=native (the binary then runs only on this CPU kind)
    MINIGRAD_BUILD_ONLY=a,b   build only these modules of minigrad/_ext (for kernel work)
"""
import json
import os
import subprocess
import sys
import tempfile
import textwrap

import numpy
from Cython import __version__ as cython_version
from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# One module per op family, plus the shared helpers: _openmp (threads), _cpu
# (the SIMD level) and _blas (the GEMM wrapper). The .pxd files beside them
# (conv_direct, conv_im2col, ...) are compiled into the modules that cimport them.
EXTENSIONS = ["_openmp", "_cpu", "_blas", "activation", "matmul", "pool", "norm", "conv",
              "optim", "resample", "patches", "winograd", "buffers"]

OPENMP_PROBE = textwrap.dedent(
    """
    #include <omp.h>
    #include <stdio.h>
    int main(void) {
        int n = 0;
        #pragma omp parallel num_threads(2)
        {
            #pragma omp atomic
            n += 1;
        }
        printf("%d", n);
        return n == 2 ? 0 : 1;
    }
    """
)


def _openmp_flags(compiler):
    if compiler.compiler_type == "msvc":
        return ["/openmp"], []
    if sys.platform == "darwin":
        return ["-Xpreprocessor", "-fopenmp"], ["-lomp"]
    return ["-fopenmp"], ["-fopenmp"]


def _openmp_works(compiler, compile_flags, link_flags):
    """Compile, link and run a program that must see two OpenMP threads."""
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, "probe.c")
        with open(source, "w") as f:
            f.write(OPENMP_PROBE)
        try:
            objects = compiler.compile([source], output_dir=tmp, extra_postargs=compile_flags)
            program = os.path.join(tmp, "probe")
            compiler.link_executable(objects, program, extra_postargs=link_flags)
            return os.system(program + " > " + os.devnull) == 0
        except Exception:
            return False


class BuildExtWithOpenMP(build_ext):
    def run(self):
        super().run()
        # What minigrad.show_config() reports as the build: next to the
        # compiled modules, in the wheel's tree or in place.
        folder = os.path.join("minigrad", "_ext")
        if not self.inplace:
            folder = os.path.join(self.build_lib, folder)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "_build_config.json"), "w") as f:
            json.dump(getattr(self, "minigrad_build", {}), f, indent=1)

    def build_extensions(self):
        compile_flags, link_flags = _openmp_flags(self.compiler)
        openmp = _openmp_works(self.compiler, compile_flags, link_flags)
        first = self.extensions[0] if self.extensions else None
        self.minigrad_build = {
            "compiler": _compiler_version(self.compiler),
            "openmp": openmp,
            "compile_args": (first.extra_compile_args + (compile_flags if openmp else [])
                             if first else []),
            "link_args": link_flags if openmp else [],
            "cython": cython_version,
            "debug": os.environ.get("MINIGRAD_DEBUG") == "1",
        }
        if openmp:
            for ext in self.extensions:
                ext.extra_compile_args += compile_flags
                ext.extra_link_args += link_flags
        elif os.environ.get("MINIGRAD_REQUIRE_OPENMP") == "1":
            raise RuntimeError("minigrad: MINIGRAD_REQUIRE_OPENMP=1 but the compiler has no working OpenMP")
        else:
            _tell_the_user(SERIAL_BUILD_MESSAGE)
        super().build_extensions()


def _compiler_version(compiler):
    """The compiler's command and the first line of its ``--version``."""
    if compiler.compiler_type == "msvc":
        return "msvc"
    command = compiler.compiler_so[0]
    try:
        out = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=30)
        return f"{command} ({out.stdout.splitlines()[0].strip()})"
    except (OSError, IndexError, subprocess.SubprocessError):
        return command


SERIAL_BUILD_MESSAGE = ("WARNING minigrad: the compiler has no working OpenMP, so the kernels are "
                        "built serial (one thread); see docs/install.rst")


def _tell_the_user(message):
    """Say ``message`` where pip shows it: pip captures a build's stdout and
    stderr and prints them only with -v, so write to the terminal too."""
    sys.stderr.write(message + "\n")
    try:
        with open("/dev/tty", "w") as tty:
            tty.write("\n" + message + "\n")
    except OSError:
        pass  # no terminal (CI, Windows): stderr, pip -v and build logs still carry it


def _extensions():
    debug = os.environ.get("MINIGRAD_DEBUG") == "1"
    compile_args = ["-O0", "-g"] if debug else ["-O3"]
    if os.environ.get("MINIGRAD_NATIVE") == "1":
        compile_args.append("-march=native")
    directives = {
        "language_level": 3,
        "boundscheck": debug,
        "wraparound": debug,
        "initializedcheck": debug,
        "cdivision": True,
        "embedsignature": True,
    }
    only = os.environ.get("MINIGRAD_BUILD_ONLY")
    names = only.split(",") if only else EXTENSIONS
    extensions = [
        Extension(
            f"minigrad._ext.{name}",
            [f"minigrad/_ext/{name}.pyx"],
            include_dirs=[numpy.get_include()],
            define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
            extra_compile_args=list(compile_args),
        )
        for name in names
    ]
    return cythonize(extensions, compiler_directives=directives)


setup(ext_modules=_extensions(), cmdclass={"build_ext": BuildExtWithOpenMP})
