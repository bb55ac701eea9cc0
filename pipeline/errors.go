package pipeline

import (
	"errors"
	"fmt"

	"github.com/newsroom/tagger/models"
	"github.com/newsroom/tagger/pipeline/extract"
)

// StageError is why a record could not be tagged. Its Reason is one of the
// models.Reason* codes that dead-letter consumers branch on.
type StageError struct {
	Stage  string
	Reason string
	Err    error
}

func (e *StageError) Error() string {
	return fmt.Sprintf("%s: %s: %v", e.Stage, e.Reason, e.Err)
}

func (e *StageError) Unwrap() error { return e.Err }

func stageErr(stage, reason string, err error) *StageError {
	return &StageError{Stage: stage, Reason: reason, Err: err}
}

// extractReason maps an extraction error to its dead-letter reason.
func extractReason(err error) string {
	switch {
	case errors.Is(err, extract.ErrEmpty):
		return models.ReasonEmpty
	case errors.Is(err, extract.ErrNotHTML):
		return models.ReasonNotHTML
	case errors.Is(err, extract.ErrEncoding):
		return models.ReasonBadEncoding
	case errors.Is(err, extract.ErrTooLarge):
		return models.ReasonTooLarge
	}
	return models.ReasonInternal
}
