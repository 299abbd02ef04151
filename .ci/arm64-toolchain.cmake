# Cross-building Limber for arm64 (64-bit Raspberry Pi OS, Debian arm64) on a Debian amd64 host,
# with Debian multiarch: the packages are in .ci/packages-arm64.txt, tests/test_arm64.sh uses it.
#   cmake -S . -B build/arm64 -DCMAKE_TOOLCHAIN_FILE=.ci/arm64-toolchain.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(LB_TRIPLET aarch64-linux-gnu)

set(CMAKE_C_COMPILER ${LB_TRIPLET}-gcc)

# pkg-config answers with the arm64 .pc files only (never the host's amd64 ones): Debian's
# <triplet>-pkg-config from pkgconf:arm64, and the search path pinned in case it is a plain one.
set(PKG_CONFIG_EXECUTABLE ${LB_TRIPLET}-pkg-config CACHE FILEPATH "pkg-config for arm64")
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/${LB_TRIPLET}/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")

# Multiarch puts the arm64 headers and libraries under / (in .../aarch64-linux-gnu): programs are
# the host's, libraries and headers only the target's.
set(CMAKE_LIBRARY_ARCHITECTURE ${LB_TRIPLET})
set(CMAKE_FIND_ROOT_PATH /usr/${LB_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# ctest runs the arm64 test programs through user-mode QEMU; the explicit emulator needs no
# binfmt_misc registration (the arm64 dynamic loader comes from libc6:arm64).
find_program(LB_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64 REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${LB_QEMU_AARCH64})
