@echo off
rem vigie-bench [producer|detector|plotter|e2e]...: reruns Vigie's benchmarks (docs/benchmarks.md; Linux, macOS). JVM options: VIGIE_JAVA_OPTS.
setlocal
set "VIGIE_MAIN=org.vigie.tools.bench.Benchmarks"
call "%~dp0vigie-java.cmd" %*
exit /b %ERRORLEVEL%
