; Inno Setup script: Windows installer for the one-folder build.
; Build the folder on Windows first (see installer/README.md), then:
;   iscc installer\windows\correspondent-app.iss
; It installs per user (no administrator rights needed at a village office),
; adds a start-menu shortcut and an uninstaller. The registry is NOT in the
; install folder but in the user's data folder, so uninstalling never deletes it.

#define AppName "Ανταποκριτής ΟΓΑ (correspondent-app)"
#define AppVersion "0.1.0"
#define AppExe "correspondent-app.exe"

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
UninstallDisplayIcon={app}\{#AppExe}

[Languages]
Name: "greek"; MessagesFile: "compiler:Languages\Greek.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\correspondent-app\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\Uninstall"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\{#AppExe}"; Parameters: "self-test"; StatusMsg: "Self-test…"; Flags: runhidden waituntilterminated
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
