; Inno Setup script: Windows installer for the one-folder build.
; Build the folder on Windows first (see installer/README.md), then:
;   iscc installer\windows\correspondent-app.iss
; It installs per user (no administrator rights needed at a village office),
; adds a start-menu shortcut and an uninstaller. The registry is NOT in the
; install folder but in the user's data folder, so uninstalling never deletes it.

; installer/build.py writes the version of the build it made (build\version.iss).
#include "..\..\build\version.iss"
#define AppName "Ανταποκριτής ΟΓΑ (correspondent-app)"
#define AppExe "correspondent-app.exe"
; the console twin of the program: the self-test and the command line
#define CliExe "correspondent-app-cli.exe"

; Greek.isl is an official translation in recent Inno Setup 6 releases and an
; unofficial one in older ones: take it from wherever this compiler keeps it.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Greek.isl")
  #define GreekIsl "compiler:Languages\Greek.isl"
#else
  #define GreekIsl "compiler:Languages\Unofficial\Greek.isl"
#endif

[Setup]
AppId={{6F1D4C2A-3B57-4E55-9C61-0A7F0B2D2005}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=ΟΓΑ
DefaultDirName={localappdata}\Programs\correspondent-app
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=correspondent-app-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
SetupIconFile=..\..\resources\icons\correspondent-app.ico
UninstallDisplayIcon={app}\{#AppExe}

[Languages]
Name: "greek"; MessagesFile: "{#GreekIsl}"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\correspondent-app\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\{#AppExe}"
Name: "{group}\Uninstall"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// The installed program checks itself (offscreen main window, a throw-away
// registry, one certificate per category): a failure is said, not swallowed.
procedure CurStepChanged(CurStep: TSetupStep);
var
  ResultCode: Integer;
begin
  if CurStep = ssPostInstall then
  begin
    if not Exec(ExpandConstant('{app}\{#CliExe}'), 'self-test', '', SW_HIDE, ewWaitUntilTerminated, ResultCode)
       or (ResultCode <> 0) then
      MsgBox('Ο αυτοέλεγχος της εφαρμογής απέτυχε (κωδικός ' + IntToStr(ResultCode) + '). ' +
             'Η εγκατάσταση ολοκληρώθηκε, αλλά η εφαρμογή ίσως δεν λειτουργεί: ' +
             'επικοινωνήστε με την υποστήριξη.' + #13#10 +
             'The application''s self-test failed (code ' + IntToStr(ResultCode) + ').',
             mbError, MB_OK);
  end;
end;
