; Windows (NSIS, per-user): register the app's capabilities so Settings → Default apps lists it
; for tel: and callto: links. This never makes it the default: the user chooses there, and the
; app opens that page when its "Open tel: links" setting is turned on (src/main/desktop-integration.ts).
!define HOIIO_CAPABILITIES "Software\Hoiio Click-to-Call\Capabilities"

!macro customInstall
  WriteRegStr HKCU "${HOIIO_CAPABILITIES}" "ApplicationName" "Hoiio Click-to-Call"
  WriteRegStr HKCU "${HOIIO_CAPABILITIES}" "ApplicationDescription" "Click-to-call for the Hoiio Open API"
  WriteRegStr HKCU "${HOIIO_CAPABILITIES}\URLAssociations" "tel" "HoiioClickToCall.Link"
  WriteRegStr HKCU "${HOIIO_CAPABILITIES}\URLAssociations" "callto" "HoiioClickToCall.Link"
  WriteRegStr HKCU "Software\RegisteredApplications" "Hoiio Click-to-Call" "${HOIIO_CAPABILITIES}"
  WriteRegStr HKCU "Software\Classes\HoiioClickToCall.Link" "" "Hoiio Click-to-Call link"
  WriteRegStr HKCU "Software\Classes\HoiioClickToCall.Link" "URL Protocol" ""
  WriteRegStr HKCU "Software\Classes\HoiioClickToCall.Link\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr HKCU "Software\Classes\HoiioClickToCall.Link\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  DeleteRegValue HKCU "Software\RegisteredApplications" "Hoiio Click-to-Call"
  DeleteRegKey HKCU "Software\Hoiio Click-to-Call"
  DeleteRegKey HKCU "Software\Classes\HoiioClickToCall.Link"
!macroend
