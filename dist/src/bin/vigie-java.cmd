@echo off
rem Runs a Vigie program from an unpacked release; the launchers set VIGIE_MAIN and call it with their arguments.
rem Needs a Java 25 runtime: JAVA_HOME, else java on the PATH. JVM options: VIGIE_JAVA_OPTS (e.g. -Xmx64m).
setlocal
for %%i in ("%~dp0..") do set "VIGIE_HOME=%%~fi"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" (
  set "JAVA=%JAVA_HOME%\bin\java.exe"
  goto found
)
for %%j in (java.exe) do set "JAVA=%%~$PATH:j"
if not defined JAVA (
  echo vigie: no Java found: install a Java 25 runtime, or set JAVA_HOME to one 1>&2
  exit /b 1
)
:found
set "VERSION="
for /f "tokens=3" %%v in ('"%JAVA%" -version 2^>^&1 ^| findstr /i "version"') do if not defined VERSION set "VERSION=%%~v"
for /f "tokens=1,2 delims=.-+" %%a in ("%VERSION%") do (
  set "MAJOR=%%a"
  if "%%a"=="1" set "MAJOR=%%b"
)
if not defined MAJOR (
  echo vigie: cannot tell the version of "%JAVA%" 1>&2
  exit /b 1
)
if %MAJOR% LSS 25 (
  echo vigie: needs Java 25 or newer, but "%JAVA%" is Java %VERSION%: set JAVA_HOME to a Java 25 1>&2
  exit /b 1
)
"%JAVA%" %VIGIE_JAVA_OPTS% --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dvigie.home="%VIGIE_HOME%" -cp "%VIGIE_HOME%\lib\*" %VIGIE_MAIN% %*
exit /b %ERRORLEVEL%
