@echo off
rem The audioml command of the CLI distribution on Windows. Needs Java 17+ (JAVA_HOME or java on the PATH).
setlocal
set "HOME_DIR=%~dp0.."
set "JAVA_CMD=java"
if defined JAVA_HOME set "JAVA_CMD=%JAVA_HOME%\bin\java"
"%JAVA_CMD%" %AUDIOML_JAVA_OPTS% -cp "%HOME_DIR%\lib\*" dev.audioml.cli.Main %*
exit /b %ERRORLEVEL%
