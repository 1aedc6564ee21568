"""Build the compiled kernels in ``minigrad/_ext``.

Metadata lives in pyproject.toml; this file only lists the extensions,
sets the Cython directives and finds the compiler's OpenMP flags.

Environment variables:
    MINIGRAD_DEBUG=1          turn bounds and wraparound checks back on
    MINIGRAD_REQUIRE_OPENMP=1 fail the build instead of building serially
    MINIGRAD_NATIVE=1         add -march=native (the binary then runs only on this CPU kind)
    MINIGRAD_BUILD_ONLY=a,b   build only these modules of minigrad/_ext (for kernel work)
"""
import os
import sys
import tempfile
import textwrap

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

EXTENSIONS = ["_openmp", "_blas", "elementwise", "pool", "norm", "conv", "optim"]

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
    def build_extensions(self):
        compile_flags, link_flags = _openmp_flags(self.compiler)
        if _openmp_works(self.compiler, compile_flags, link_flags):
            for ext in self.extensions:
                ext.extra_compile_args += compile_flags
                ext.extra_link_args += link_flags
        elif os.environ.get("MINIGRAD_REQUIRE_OPENMP") == "1":
            raise RuntimeError("minigrad: MINIGRAD_REQUIRE_OPENMP=1 but the compiler has no working OpenMP")
        else:
            print("minigrad: the compiler has no working OpenMP; kernels are built serial")
        super().build_extensions()


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
