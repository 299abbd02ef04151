# Installing Limber (cmake --install) and packaging it as a .deb (cpack -G DEB).
include(GNUInstallDirs)

install(TARGETS limber RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The data folder the player looks for beside its binary: share/limber/{routines,assets}.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/routines/ DESTINATION ${CMAKE_INSTALL_DATADIR}/limber/routines
        FILES_MATCHING PATTERN "*.yaml")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/clips DESTINATION ${CMAKE_INSTALL_DATADIR}/limber/assets
        FILES_MATCHING PATTERN "*.mp4" PATTERN "README.md")
# The man page, compressed as Debian wants it (reproducibly: no name or time in the gzip).
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/limber.1.gz
                   COMMAND gzip -9 -n -c ${PROJECT_SOURCE_DIR}/docs/limber.1 > ${PROJECT_BINARY_DIR}/limber.1.gz
                   DEPENDS ${PROJECT_SOURCE_DIR}/docs/limber.1 VERBATIM)
add_custom_target(manpage ALL DEPENDS ${PROJECT_BINARY_DIR}/limber.1.gz)
install(FILES ${PROJECT_BINARY_DIR}/limber.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/assets/system/limber.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/assets/system/limber.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
# The kiosk's systemd unit, installed but not enabled (`systemctl enable --now limber-kiosk`).
# lib/systemd/system below the prefix, not CMAKE_INSTALL_LIBDIR (multiarch on Debian): in the
# .deb that is /usr/lib/systemd/system, the same folder as /lib/systemd/system on Debian's
# merged /usr. Its ExecStart= names /usr/bin/limber, the .deb's path.
install(FILES ${PROJECT_SOURCE_DIR}/assets/system/limber-kiosk.service
        DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/docs/routine-format.md ${PROJECT_SOURCE_DIR}/docs/routine.schema.json
              ${PROJECT_SOURCE_DIR}/docs/raspberry-pi.md ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME limber)
set(CPACK_PACKAGE_VENDOR "The Limber project")
set(CPACK_PACKAGE_CONTACT "Limber maintainers <maintainers@users.noreply.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "stretch-routine video and audio coaching player")
set(CPACK_PACKAGE_DESCRIPTION
    "Limber coaches stretch routines for people with back muscle spasms: instruction clips,\n timed cues, rep counters, timers and stop-if-painful warnings, from YAML routine files.")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)   # limber_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION video)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)    # Depends from the real shared libraries
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core")
set(CPACK_STRIP_FILES ON)
include(CPack)
