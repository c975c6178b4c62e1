# Shared helpers of the scripts: repository root, exit hooks, the .NET SDK check.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

_EXIT_HOOKS=()

# on_exit COMMAND: run COMMAND when the script ends, however it ends; hooks run last-registered first.
on_exit() {
  _EXIT_HOOKS=("$1" "${_EXIT_HOOKS[@]}")
}

_run_exit_hooks() {
  local hook
  for hook in "${_EXIT_HOOKS[@]}"; do
    eval "$hook" || true
  done
  _EXIT_HOOKS=()
}

trap _run_exit_hooks EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is required: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
    exit 1
  fi
}
